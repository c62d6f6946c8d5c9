import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkOutcomeTable, chooseOutcome, outcomeRows, type OutcomeRow } from './kernel-outcomes.ts';
import { parseKernelVersion } from '../kernel/version.ts';

const rows = (...pairs: [string, string][]): OutcomeRow[] => pairs.map(([kernels, value]) => ({ kernels, value }));
const TABLE = rows(['before 6.1', '3'], ['from 6.1 before 6.12', '4'], ['from 6.12', '5']);
const pick = (release: string, table = TABLE): string => chooseOutcome(table, parseKernelVersion(release), release, (v) => `${v} mounts`).row.value;

test('before, at and after each boundary the row for the kernel applies', () => {
  assert.equal(pick('5.10.0-32-amd64'), '3');
  assert.equal(pick('6.0.19'), '3');
  assert.equal(pick('6.1'), '4');
  assert.equal(pick('6.1.0-28-amd64'), '4');
  assert.equal(pick('6.11.9'), '4');
  assert.equal(pick('6.12.0'), '5');
  assert.equal(pick('6.18.44-fc-v782'), '5');
});

test('the explanation names the kernel, the row and the whole table', () => {
  const c = chooseOutcome(TABLE, parseKernelVersion('6.1.0-28-amd64'), '6.1.0-28-amd64', (v) => `${v} mounts`);
  assert.equal(c.index, 1);
  assert.equal(c.explanation, 'kernel 6.1.0-28-amd64 is in "from 6.1 before 6.12": expecting 4 mounts\noutcome table:\n  before 6.1: 3\n  from 6.1 before 6.12: 4\n  from 6.12: 5');
});

test('"any" is a table of one row', () => {
  assert.equal(pick('5.10', rows(['any', '7'])), '7');
});

test('a table must cover every kernel once, oldest first', () => {
  assert.throws(() => { checkOutcomeTable(rows(['from 6.1', '4'])); }, /must start with the oldest kernels/);
  assert.throws(() => { checkOutcomeTable(rows(['before 6.1', '3'])); }, /ends before 6\.1: add a row "from 6\.1"/);
  assert.throws(() => { checkOutcomeTable(rows(['before 6.1', '3'], ['from 6.2', '4'])); }, /must start from 6\.1/);
  assert.throws(() => { checkOutcomeTable(rows(['before 6.1', '3'], ['from 6.1', '4'], ['from 6.12', '5'])); }, /must be the last row/);
  assert.throws(() => { checkOutcomeTable(rows(['before 6.1', '3'], ['from 6.1 before 6.1', '4'], ['from 6.1', '5'])); }, /is empty/);
  assert.throws(() => { checkOutcomeTable(rows(['since 6.1', '4'])); }, /not a kernel range/);
  assert.throws(() => { checkOutcomeTable([]); }, /no rows/);
});

test('the Gherkin table must have the header | kernels | <column> |', () => {
  assert.deepEqual(outcomeRows([['kernels', 'count'], ['any', '3']], 'count'), rows(['any', '3']));
  assert.throws(() => outcomeRows([['kernel', 'count'], ['any', '3']], 'count'), /header must be \| kernels \| count \|/);
});
