// Drill: a hung command past a 2 s timeout on the local target ends with its whole process tree,
// the step says which command and after how long, and the scenario's cleanup runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { feature, lab, sandboxDirOf, settle, token } from './drill.ts';

test('a hung command past a 2 s timeout fails its step, naming it and the time, and leaves nothing', { timeout: 120_000 }, async () => {
  const tok = token();
  const run = lab(feature([`When I run "sleep ${tok}"`, 'Then it succeeds']), { MOUNTLAB_COMMAND_TIMEOUT_MS: '2000' });
  const dir = await sandboxDirOf(tok);
  const { code } = await run.exited;
  assert.equal(code, 1, run.output());
  // It names the command and how long it ran; the limit is 2 s, so never less (no upper bound:
  // timings are the bench's business, and a loaded machine ends the group later).
  const ended = new RegExp(`\`sleep ${tok.replace('.', '\\.')}\` in the sandbox did not finish: timed out after (\\d+) ms`).exec(run.output());
  assert.ok(ended !== null, run.output());
  assert.ok(Number(ended[1]) >= 2000, `timed out after ${ended[1]} ms, before the 2 s limit`);
  assert.deepEqual(await settle(dir, tok), []);
});
