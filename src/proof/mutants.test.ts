import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mutantFeature, mutantsOf, picklesOf } from './mutants.ts';

const FEATURE = `@f
Feature: f
  Background:
    Given a fresh lab
    When I run:
      """
      echo 'a\\040b'
      """
    Then it succeeds

  Scenario Outline: o <kind>
    When I run "x"
    Then "/a" has propagation <kind>
    And I run "y"
    But it fails

    Examples:
      | kind    |
      | shared  |
      | private |
`;

const kernel = { major: 6, minor: 18, patch: 0 };

test('one mutant per assertion step and example row; the Background once; actions after Then skipped', () => {
  const fm = mutantsOf('features/f.feature', picklesOf('features/f.feature', FEATURE), kernel, 7, 2);
  assert.deepEqual(fm.mutants.map((m) => [m.id, m.scenario, m.step, m.negated, m.originalTag]), [
    [7, 'o shared', 'it succeeds', 'it fails', '@original-2-0'],
    [8, 'o shared', '"/a" has propagation shared', '"/a" has propagation private', '@original-2-0'],
    [9, 'o shared', 'it fails', 'it succeeds', '@original-2-0'],
    [10, 'o private', '"/a" has propagation private', '"/a" has propagation shared', '@original-2-1'],
    [11, 'o private', 'it fails', 'it succeeds', '@original-2-1'],
  ]);
});

test('the mutant feature parses back to the originals and the mutants, doc strings kept as they were', () => {
  const fm = mutantsOf('features/f.feature', picklesOf('features/f.feature', FEATURE), kernel, 0, 0);
  const back = picklesOf('mutants.feature', mutantFeature(fm));
  assert.equal(back.length, 2 + 5);
  assert.deepEqual(back[0]?.tags.map((t) => t.name), ['@f', '@original-0-0']);
  assert.equal(back.at(0)?.steps[1]?.argument?.docString?.content, "echo 'a\\040b'");
  const m1 = back.find((p) => p.tags.some((t) => t.name === '@mutant-1'));
  assert.deepEqual([m1?.steps[4]?.text, m1?.steps[0]?.text], ['"/a" has propagation private', 'a fresh lab']);
});

test('a per-kernel outcome table is written back into the mutant with its applying row changed', () => {
  const source = `Feature: t\n  Scenario: s\n    Then the mounts at or under "/x" number, per kernel:\n      | kernels  | count |\n      | before 6.1 | 3 |\n      | from 6.1 | 4 |\n`;
  const fm = mutantsOf('features/t.feature', picklesOf('features/t.feature', source), kernel, 0, 0);
  assert.equal(fm.mutants[0]?.tableChange, 'row "from 6.1": 4 -> 5');
  const back = picklesOf('mutants.feature', mutantFeature(fm));
  const m = back.find((p) => p.tags.some((t) => t.name === '@mutant-0'));
  assert.deepEqual(m?.steps[0]?.argument?.dataTable?.rows.map((r) => r.cells.map((c) => c.value)), [['kernels', 'count'], ['before 6.1', '3'], ['from 6.1', '5']]);
  assert.match(m.name, /\(row "from 6\.1": 4 -> 5\)\]$/);
});
