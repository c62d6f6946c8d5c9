// Drills on the lab VM (boots one: only with MOUNTLAB_VM_TEST=1, as test/vm; run it under
// `flock /tmp/mountlab-vm.lock`): a hung command past a 2 s timeout fails its step naming the
// command and the time (over ssh the remote process group is killed), and Ctrl-C during a command
// ends the run with no qemu of its own left.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { feature, start, token } from './drill.ts';

const skip = process.env.MOUNTLAB_VM_TEST !== '1' ? 'boots a VM: set MOUNTLAB_VM_TEST=1' : false;

/** qemu processes among the descendants of `rootPid`. */
function qemuUnder(rootPid: number): number[] {
  const parent = new Map<number, number>();
  for (const d of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch { /* gone */ }
  }
  const under = (pid: number): boolean => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === rootPid) return true;
    return false;
  };
  return [...parent.keys()].filter((p) => under(p) && (readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0')[0] ?? '').includes('qemu-system'));
}

/** Alive and not a zombie. */
function isLive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

const vmLab = (path: string, env: NodeJS.ProcessEnv = {}) => start(['npx', 'tsx', 'src/cli/lab.ts', '--target', 'qemu', path], env);

test('lab VM: a hung command past a 2 s timeout fails its step, naming it and the time', { skip, timeout: 20 * 60_000 }, async () => {
  const tok = token();
  const run = vmLab(feature([`When I run "sleep ${tok}"`, 'Then it succeeds']), { MOUNTLAB_COMMAND_TIMEOUT_MS: '2000' });
  const { code } = await run.exited;
  assert.equal(code, 1, run.output());
  // It names the command and how long it ran; the limit is 2 s, so never less (no upper bound:
  // timings are the bench's business, and a loaded machine ends the group later).
  const ended = new RegExp(`\`sleep ${tok.replace('.', '\\.')}\` in the sandbox did not finish: timed out after (\\d+) ms`).exec(run.output());
  assert.ok(ended !== null, run.output());
  assert.ok(Number(ended[1]) >= 2000, `timed out after ${ended[1]} ms, before the 2 s limit`);
});

test('lab VM: Ctrl-C during a command ends the run and its qemu', { skip, timeout: 20 * 60_000 }, async () => {
  const tok = token();
  const run = vmLab(feature([`When I run "sleep ${tok}"`, 'Then it succeeds']));
  // the command runs inside the VM; on this computer the run shows only its progress line
  for (let i = 0; i < 900 && !run.output().includes('mountlab: target qemu'); i++) await new Promise((r) => setTimeout(r, 1000));
  await new Promise((r) => setTimeout(r, 3000));
  const pid = run.child.pid ?? 0;
  const ours = qemuUnder(pid);
  assert.notDeepEqual(ours, [], 'no qemu of this run was found');
  process.kill(-pid, 'SIGINT');
  await run.exited;
  assert.match(run.output(), /mountlab: SIGINT: ended cleanly/);
  assert.deepEqual(ours.filter((p) => isLive(p)), []);
});
