import { test } from 'node:test';
import assert from 'node:assert/strict';
import { proofMarkdown, type FeatureProof } from './report.ts';
import type { Mutant } from './mutants.ts';

const mutant: Mutant = {
  id: 0, feature: 'features/x.feature', scenario: 'a scenario', stepIndex: 2, step: '"/tmp/a" is a mount point',
  negated: '"/tmp/a" is not a mount point', negatedTable: undefined, tableChange: undefined, reason: undefined,
  originalIndex: 0, originalTag: '@original-0-0',
};
const feature: FeatureProof = { uri: 'features/x.feature', judged: [{ mutant, verdict: { kind: 'caught' } }], elsewhere: ['a Docker scenario'] };

test('the local run lists the VM-only scenarios it left to the lab VM', () => {
  const md = proofMarkdown([feature], 'local', '6.18.0');
  assert.match(md, /\| feature \| caught \| survived \| cannot be negated \| not run \| VM-only scenarios \(lab VM run\) \|/);
  assert.match(md, /\| features\/x\.feature \| 1 \| 0 \| 0 \| 0 \| 1 \|/);
  assert.match(md, /- VM-only, left to the lab VM proof run: a Docker scenario/);
});

test('a --vm-only run counts the scenarios the local run proves, without listing them', () => {
  const md = proofMarkdown([feature], 'qemu', '6.1.0-57-amd64', 'local run');
  assert.match(md, /\| scenarios proven on the local target \|/);
  assert.match(md, /\| features\/x\.feature \| 1 \| 0 \| 0 \| 0 \| 1 \|/);
  assert.doesNotMatch(md, /a Docker scenario/);
  assert.doesNotMatch(md, /### features\/x\.feature/);
});
