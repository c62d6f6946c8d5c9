// Drills: Ctrl-C and SIGHUP (to the run's process group, as a terminal sends them) and SIGTERM (to
// `npm run lab`, the process a user or a CI runner signals) in the middle of a command and of a
// window command on the local target. Each run must end every process, sandbox, window and work
// directory of its own, say so, and exit with 128 + the signal's number.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constants } from 'node:os';
import { feature, lab, sandboxDirOf, settle, token, type Run } from './drill.ts';

const midCommand = (tok: string): string => feature([`When I run "sleep ${tok}"`, 'Then it succeeds']);
const midWindow = (tok: string): string => feature(['Given a window "w" running "bash"', `When I run "sleep ${tok}" in window "w"`, 'Then it succeeds']);

async function interrupt(run: Run, tok: string, signal: NodeJS.Signals, to: 'group' | 'npm'): Promise<void> {
  const dir = await sandboxDirOf(tok);
  const pid = run.child.pid ?? 0;
  process.kill(to === 'group' ? -pid : pid, signal);
  // npx and npm may die of the signal themselves (a shell shows 128+n either way); lab.ts exits with cucumber's 128+n
  const { code, signal: endedBy } = await run.exited;
  assert.ok(code === 128 + constants.signals[signal] || endedBy === signal, `exit ${String(code)} ${String(endedBy)}\n${run.output()}`);
  assert.match(run.output(), new RegExp(`mountlab: ${signal}: ending the running commands, the sandboxes and the target`));
  assert.match(run.output(), new RegExp(`mountlab: ${signal}: ended cleanly`));
  assert.deepEqual(await settle(dir, tok), []);
}

test('Ctrl-C during a command ends it, the sandbox and the work directory, then exits 130', { timeout: 120_000 }, async () => {
  const tok = token();
  await interrupt(lab(midCommand(tok)), tok, 'SIGINT', 'group');
});

test('Ctrl-C during a window command ends the window and the sandbox, then exits 130', { timeout: 120_000 }, async () => {
  const tok = token();
  await interrupt(lab(midWindow(tok)), tok, 'SIGINT', 'group');
});

test('SIGTERM to npm run lab during a command reaches cucumber, which ends clean and exits 143', { timeout: 120_000 }, async () => {
  const tok = token();
  await interrupt(lab(midCommand(tok)), tok, 'SIGTERM', 'npm');
});

test('SIGTERM to npm run lab during a window command ends clean, exit 143', { timeout: 120_000 }, async () => {
  const tok = token();
  await interrupt(lab(midWindow(tok)), tok, 'SIGTERM', 'npm');
});

test('SIGHUP (the terminal closed) during a window command ends clean, exit 129', { timeout: 120_000 }, async () => {
  const tok = token();
  await interrupt(lab(midWindow(tok)), tok, 'SIGHUP', 'group');
});

test('SIGTERM to npm run lab -- --parallel 2 reaches both workers, which end clean; exit 143', { timeout: 180_000 }, async () => {
  const [a, b] = [token(), token()];
  const run = lab(feature([`When I run "sleep ${a}"`, 'Then it succeeds'], [`When I run "sleep ${b}"`, 'Then it succeeds']), {}, ['--parallel', '2']);
  // both scenarios mid-command, one in each worker
  const dirs = [await sandboxDirOf(a), await sandboxDirOf(b)];
  process.kill(run.child.pid ?? 0, 'SIGTERM');
  const { code, signal } = await run.exited;
  assert.ok(code === 143 || signal === 'SIGTERM', `exit ${String(code)} ${String(signal)}\n${run.output()}`);
  // each worker says it ended its own sandbox
  assert.equal(run.output().match(/mountlab: SIGTERM: ended cleanly/g)?.length, 2, run.output());
  assert.deepEqual(await settle(dirs[0] ?? '', a), []);
  assert.deepEqual(await settle(dirs[1] ?? '', b), []);
});
