import { test } from 'node:test';
import assert from 'node:assert/strict';
import { windowsOpenedBy } from './windows-ahead.ts';

test('the windows a scenario opens are found by the step that opens them, each once', () => {
  assert.deepEqual(windowsOpenedBy([
    'a fresh lab',
    'a window "other" running "unshare -m bash"',
    'I run "mount --bind /tmp/a /tmp/b" in window "other"',
    "a window 'c1' running 'unshare -m --propagation slave bash'",
    'a window "other" running "bash"',
    'a window "with \\"quote" running "bash"',
  ]), ['other', 'c1']);
});
