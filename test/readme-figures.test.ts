// The README's figures must be what `npm run bench` prints (issue 13, item 10): the per-feature
// table in the bench's own format, one row per feature file. No timing is asserted here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { FEATURE_HEADER, FEATURE_ROW_PATTERN, featureRow, noBaselineRow, vmOnlyRow } from '../bench/features.ts';

function figuresSection(): string[] {
  const lines = readFileSync('README.md', 'utf8').split('\n');
  const start = lines.indexOf('## Figures');
  assert.ok(start >= 0, 'README.md has a "## Figures" section');
  const end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

/** The lines of the table that starts with `header`, up to the first line that is not a row. */
function table(section: string[], header: string): string[] {
  const [first, separator] = header.split('\n');
  const at = section.indexOf(first ?? '');
  assert.ok(at >= 0, `the Figures section has the table headed ${first ?? ''}`);
  assert.equal(section[at + 1], separator);
  const rows: string[] = [];
  for (const line of section.slice(at + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line);
  }
  return rows;
}

test('the bench formatter prints rows the README check accepts', () => {
  const row = featureRow({ feature: 'bind-propagation', stepMs: 5432, wallMs: 12_345, baselineMs: 310, tracedBaselineMs: 905, peakKiB: 146_432, baselinePeakKiB: 4000 });
  assert.equal(row, '| bind-propagation | 5.43 s | 12.3 s | 310 ms | 905 ms | 17.5× | 6.0× | 143 MiB | 3.9 MiB |');
  assert.match(row, FEATURE_ROW_PATTERN);
});

test("the README's feature table has the bench's header and one bench row per feature file", () => {
  const rows = table(figuresSection(), FEATURE_HEADER);
  const features = readdirSync('features').filter((f) => f.endsWith('.feature')).map((f) => f.replace(/\.feature$/, '')).sort();
  const named = rows.map((r) => /^\| ([a-z0-9-]+) \|/.exec(r)?.[1]);
  assert.deepEqual(named, features);
  for (const [i, row] of rows.entries()) {
    const feature = features[i] ?? '';
    const ok = FEATURE_ROW_PATTERN.test(row) || row === vmOnlyRow(feature) || row === noBaselineRow(feature);
    assert.ok(ok, `README row is not in the bench's format: ${row}`);
  }
});

test("the README's measured table has the bench's three columns", () => {
  const section = figuresSection();
  const header = section.find((l) => l.startsWith('| measured ('));
  assert.ok(header, 'a "| measured (date, machine) | value | how |" header');
  assert.match(header, /^\| measured \(\d{4}-\d{2}-\d{2}, .*load average [\d. ]+.*\) \| value \| how \|$/);
  for (const row of table(section, `${header}\n|---|---|---|`)) assert.equal(row.split(' | ').length, 3, row);
});
