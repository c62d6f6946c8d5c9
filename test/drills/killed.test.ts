// Drills: what an interrupt cannot clean up. SIGKILL of node between the sandbox's commands: the
// agent reads end-of-file and its start script ends the sandbox. SIGKILL of node while the agent
// runs a command leaves the sandbox until that command ends or times out (the command here
// outlasts the drill); the next run on the local target reaps it and says so. A second Ctrl-C
// exits at once, names what it leaves, and the next run reaps that too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { feature, lab, leftovers, processes, sandboxDirOf, settle, start, token, type Run } from './drill.ts';
import { cucumberBin } from '../../src/suite/run.ts';

const quick = (): string => feature(['When I run "true"', 'Then it succeeds']);

async function reaps(dir: string, tok: string): Promise<void> {
  assert.notDeepEqual(leftovers(dir, tok), [], 'the killed run left nothing to reap');
  const next = lab(quick());
  const { code } = await next.exited;
  assert.equal(code, 0, next.output());
  assert.match(next.output(), new RegExp(`mountlab: removed (the sandbox \\(init PID \\d+\\) and its work directory|the work directory) ${dir.replace('.', '\\.')} left by a mountlab run that is gone`));
  assert.deepEqual(await settle(dir, tok), []);
}

/** cucumber-js on the local target, run directly (no npm), so that SIGKILL reaches node itself. */
function cucumber(path: string): Run {
  return start([process.execPath, cucumberBin(), '-p', 'verify', '--world-parameters', '{"target":"local"}', path]);
}

function killCucumber(path: string): void {
  const pid = [...processes()].find(([, c]) => c.includes(cucumberBin()) && c.includes(path))?.[0];
  assert.ok(pid !== undefined);
  process.kill(pid, 'SIGKILL');
}

test('SIGKILL of node during a window command: the agent of the sandbox ends it, nothing is left', { timeout: 180_000 }, async () => {
  const tok = token();
  const path = feature(['Given a window "w" running "bash"', `When I run "sleep ${tok}" in window "w"`]);
  const run = cucumber(path);
  const dir = await sandboxDirOf(tok);
  killCucumber(path);
  await run.exited;
  assert.deepEqual(await settle(dir, tok), []);
});

test('SIGKILL of node during a command of the sandbox, then a new run reaps the sandbox', { timeout: 180_000 }, async () => {
  const tok = token();
  const path = feature([`When I run "sleep ${tok}"`]);
  const run = cucumber(path);
  const dir = await sandboxDirOf(tok);
  killCucumber(path);
  await run.exited;
  await reaps(dir, tok);
});

test('a second Ctrl-C exits at once, names what it leaves, and the next run reaps it', { timeout: 180_000 }, async () => {
  const tok = token();
  // Every SIGINT after the first counts as a second press here (by default one within 500 ms is
  // npm's copy of the same press): npm's copy of the first, a few ms after it, comes while the
  // first is still ending the sandbox, so the run must exit at once. The second kill is a
  // person's second press, in case npm's copy were lost.
  const run = lab(feature([`When I run "sleep ${tok}"`]), { MOUNTLAB_SAME_CTRL_C_MS: '0' });
  const dir = await sandboxDirOf(tok);
  const group = -(run.child.pid ?? 0);
  process.kill(group, 'SIGINT');
  await new Promise((r) => setTimeout(r, 20));
  process.kill(group, 'SIGINT');
  await run.exited;
  const out = run.output();
  assert.match(out, new RegExp(`mountlab: SIGINT again: exiting now; left behind: (nothing|.*${dir.replace('.', '\\.')})`));
  // a teardown already under way (its own process group) may still finish; what it does not, the next run reaps
  if ((await settle(dir, tok)).length > 0) await reaps(dir, tok);
  assert.deepEqual(await settle(dir, tok), []);
});
