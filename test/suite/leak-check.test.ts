import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

// The check after every scenario that the machine's own mount table is unchanged still fails a
// scenario whose command changed it, with the resident agent running its commands. The change is made in
// a private mount namespace (leak-check-child.ts), so nothing else on this computer sees it.
test('a scenario that changes the machine\'s mount table fails, naming the new mount', { skip: process.getuid?.() !== 0 && 'needs root' }, () => {
  const r = spawnSync('unshare', ['--mount', '--propagation', 'private', '--', process.execPath, '--import', 'tsx', 'test/suite/leak-check-child.ts'], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^end\(\) failed: this scenario changed the local target's own mount table/);
  assert.match(r.stdout, /leak-check-escaped/);
  assert.doesNotMatch(r.stdout, /leak-check-beside/, 'a mount no command of the scenario made is the machine\'s own activity');
  assert.doesNotMatch(r.stdout, /leak-check-sandbox/, 'the sandbox\'s own mount is no leak');
});
