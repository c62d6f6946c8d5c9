import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { windowsOpenedBy } from './windows-ahead.ts';
import { STEPS_DIR, stepsOf } from '../cli/steps-doc.ts';

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

test('the pattern follows the step that opens a window, as steps/window.steps.ts defines it and its example reads', () => {
  const step = stepsOf(readFileSync(join(STEPS_DIR, 'window.steps.ts'), 'utf8')).find((s) => s.expression === 'a window {string} running {string}');
  assert.ok(step !== undefined, 'steps/window.steps.ts no longer defines "a window {string} running {string}": change OPEN_WINDOW in windows-ahead.ts with it');
  assert.ok(step.examples.length > 0, 'the step has no example comment to check the pattern against');
  for (const example of step.examples) {
    const name = /"([^"]*)"/.exec(example)?.[1];
    assert.deepEqual(windowsOpenedBy([example.replace(/^(Given|When|Then|And|But) /, '')]), [name], example);
  }
});
