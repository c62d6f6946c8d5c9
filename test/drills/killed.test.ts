// Drills: what an interrupt cannot clean up. SIGKILL of node leaves the sandbox (nothing runs in
// a killed process); the next run on the local target reaps it and says so. A second Ctrl-C
// exits at once, names what it leaves, and the next run reaps that too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { feature, lab, leftovers, processes, sandboxDirOf, settle, start, token } from './drill.ts';
import { cucumberBin } from '../../src/suite/run.ts';
import { SAME_CTRL_C_MS } from '../../src/machine/registry.ts';

const quick = (): string => feature(['When I run "true"', 'Then it succeeds']);

async function reaps(dir: string, tok: string): Promise<void> {
  assert.notDeepEqual(leftovers(dir, tok), [], 'the killed run left nothing to reap');
  const next = lab(quick());
  const { code } = await next.exited;
  assert.equal(code, 0, next.output());
  assert.match(next.output(), new RegExp(`mountlab: removed (the sandbox \\(init PID \\d+\\) and its work directory|the work directory) ${dir.replace('.', '\\.')} left by a mountlab run that is gone`));
  assert.deepEqual(await settle(dir, tok), []);
}

test('SIGKILL of node during a window command, then a new run reaps the sandbox', { timeout: 180_000 }, async () => {
  const tok = token();
  const path = feature(['Given a window "w" running "bash"', `When I run "sleep ${tok}" in window "w"`]);
  const run = start([process.execPath, cucumberBin(), '-p', 'verify', '--world-parameters', '{"target":"local"}', path]);
  const dir = await sandboxDirOf(tok);
  const cucumber = [...processes()].find(([, c]) => c.includes(cucumberBin()) && c.includes(path))?.[0];
  assert.ok(cucumber !== undefined);
  process.kill(cucumber, 'SIGKILL');
  await run.exited;
  await reaps(dir, tok);
});

test('a second Ctrl-C exits at once, names what it leaves, and the next run reaps it', { timeout: 180_000 }, async (t) => {
  const tok = token();
  const run = lab(feature([`When I run "sleep ${tok}"`]));
  const dir = await sandboxDirOf(tok);
  const group = -(run.child.pid ?? 0);
  process.kill(group, 'SIGINT');
  // the second Ctrl-C comes while the first is still ending the sandbox, but later than npm's copy
  // of the first (SAME_CTRL_C_MS); sooner, it would count as the same press. The teardown can still
  // finish first, which is the clean case the other drills cover
  await new Promise((r) => setTimeout(r, SAME_CTRL_C_MS + 20));
  process.kill(group, 'SIGINT');
  await run.exited;
  const out = run.output();
  t.diagnostic(/mountlab: SIGINT again.*|mountlab: SIGINT: ended cleanly/.exec(out)?.[0] ?? 'no ending message');
  if (/SIGINT again/.test(out)) {
    assert.match(out, new RegExp(`mountlab: SIGINT again: exiting now; left behind: (nothing|.*${dir.replace('.', '\\.')})`));
    // a teardown already under way (its own process group) may still finish; what it does not, the next run reaps
    if ((await settle(dir, tok)).length > 0) await reaps(dir, tok);
  } else {
    assert.match(out, /SIGINT: ended cleanly/);
  }
  assert.deepEqual(await settle(dir, tok), []);
});
