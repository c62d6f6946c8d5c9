// `npm run lab` runs cucumber-js in its own process (src/suite/here.ts): the options cucumber's own
// command takes out of its argv before the rest becomes configuration must still work there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runLab } from './run-lab.ts';

const skip = process.getuid?.() !== 0 && 'the local target needs root';

test('--i18n-languages prints cucumber\'s language table and runs nothing', { skip }, () => {
  const r = runLab(['--target', 'local', '--i18n-languages']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^ISO 639-1 \| ENGLISH NAME/);
  assert.match(r.stdout, /\nfr +\| French/);
  assert.doesNotMatch(`${r.stdout}${r.stderr}`, /scenario/);
});

test('-p adds a profile to the target\'s, as cucumber-js merges them', { skip }, () => {
  const feature = 'features/privatetmp.feature:46';
  // the target's profile (local) prints progress: one character per step, then the summary
  const plain = runLab(['--target', 'local', '--dry-run', feature]);
  assert.equal(plain.status, 0, plain.stderr);
  assert.match(plain.stdout, /^-+\n\n1 scenario \(1 skipped\)/);
  // verify's summary formatter, named later, takes stdout over
  const merged = runLab(['--target', 'local', '-p', 'verify', '--dry-run', feature]);
  assert.equal(merged.status, 0, merged.stderr);
  assert.match(merged.stdout, /^1 scenario \(1 skipped\)/);
});

test('an option cucumber-js does not know fails as it does there, before anything runs', { skip }, () => {
  const r = runLab(['--target', 'local', '--no-such-option']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /error: unknown option '--no-such-option'/);
});
