import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAppliedOutcome, renderOutcomeTables, stepTables } from './outcome-tables.ts';
import { chooseOutcome } from '../../runtime/kernel-outcomes.ts';
import { parseKernelVersion } from '../../kernel/version.ts';
import { escapeHtml } from './html.ts';
import type { Matrix, MatrixColumn, MatrixRow } from './model.ts';

const TABLE = [{ kernels: 'before 6.1', value: '4' }, { kernels: 'from 6.1', value: '3' }];
const explain = (release: string): string => chooseOutcome(TABLE, parseKernelVersion(release), release, (v) => `${v} mounts at or under "/x" in window "c1"`).explanation;

test('the step\'s own explanation reads back: kernel, row, claim and table', () => {
  assert.deepEqual(parseAppliedOutcome(explain('6.1.0-28-amd64')), { release: '6.1.0-28-amd64', row: 'from 6.1', expecting: '3 mounts at or under "/x" in window "c1"', rows: TABLE });
  assert.equal(parseAppliedOutcome('kernel 5.10 is older than 5.11: expecting EPERM (success applies from 5.11)'), undefined);
});

const column = (kernel: string): MatrixColumn => ({ kernel, kernelRelease: undefined, image: undefined, ok: true, exitCode: 0, durationMs: 0, startedAt: undefined, counts: { pass: 0, fail: 0, skip: 0, undefined: 0, missing: 0 }, reportHref: undefined, problem: undefined });
const columns = [column('bullseye'), column('bookworm'), column('trixie')];
const row: MatrixRow = {
  key: 'features/a.feature:3', uri: 'features/a.feature', line: 3, feature: 'A', name: 's', example: undefined,
  cells: {
    bullseye: { status: 'pass', kernelExpectations: [explain('5.10.0-32-amd64')] },
    bookworm: { status: 'pass', kernelExpectations: [explain('6.1.0-28-amd64')] },
    trixie: { status: 'fail', kernelExpectations: [explain('6.12.1')] },
  },
};

test('one table per step, each row with the kernels it applied on', () => {
  const [t, ...more] = stepTables(row, columns);
  assert.equal(more.length, 0);
  assert.equal(t?.claim, '… mounts at or under "/x" in window "c1"');
  assert.deepEqual(t.applied.get('before 6.1'), ['bullseye (5.10.0-32-amd64): pass']);
  assert.deepEqual(t.applied.get('from 6.1'), ['bookworm (6.1.0-28-amd64): pass', 'trixie (6.12.1): fail']);
});

test('the page section lists the table; none when no scenario has one', () => {
  const m: Matrix = { generatedAt: '', columns, rows: [row] };
  const html = renderOutcomeTables(m, escapeHtml, (k) => k);
  assert.match(html, /<h2>Per-kernel outcome tables<\/h2>/);
  assert.match(html, /<tr><td>from 6\.1<\/td><td>3<\/td><td>bookworm \(6\.1\.0-28-amd64\): pass; trixie \(6\.12\.1\): fail<\/td><\/tr>/);
  assert.equal(renderOutcomeTables({ ...m, rows: [{ ...row, cells: {} }] }, escapeHtml, (k) => k), '');
});
