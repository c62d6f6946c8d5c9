import assert from 'node:assert/strict';
import { isLiveQemu, qemuUnder } from '../drills/drill.ts';
import { gone, labCommand, sandboxWorkDir, Terminal } from './tmux.ts';

/**
 * Step mode through a real terminal (tmux): privatetmp.feature's rmdir scenario, whose rmdir fails
 * with EBUSY. Steps run on Enter with their output, errno and tree change; `s` hands the terminal
 * to a shell in the sandbox and back; `q` ends everything: on the local target the sandbox (its
 * init and work directory), on the lab VM the VM itself (no qemu of the run is left).
 */
export async function driveStepMode(target: 'local' | 'qemu'): Promise<void> {
  const terminal = new Terminal(labCommand('--step', 'features/privatetmp.feature:46', target), process.cwd());
  try {
    let screen = await terminal.waitFor(/\[1\/\d+\] Given a fresh lab\n›$/, 0, 900_000);
    assert.match(screen, /Scenario: rmdir of a mount point: EBUSY/);
    const pid = Number(new RegExp(`sandbox: init PID (\\d+) on ${target}`).exec(screen)?.[1]);
    assert.ok(pid > 1, screen);
    const workDir = target === 'local' ? sandboxWorkDir(pid) : undefined;
    const qemu = target === 'qemu' ? qemuUnder(terminal.panePid()) : [];
    if (target === 'qemu') assert.notDeepEqual(qemu, [], 'the lab VM of this run was not found');
    const step = async (n: number, shows: RegExp): Promise<string> => {
      const from = terminal.screen().length;
      terminal.type('');
      return terminal.waitFor(new RegExp(`${shows.source}[^]*\\[${n}/\\d+\\][^]*›$`), from);
    };
    await step(2, /✓ step passed/);
    screen = await step(3, /sandbox# mkdir \/tmp\/parent/);
    assert.match(screen, /└─ \+ \/tmp\/parent\/mnt {2}tmpfs mountlab-sandbox \[\/testmount\] {2}private/, 'the step that mounted shows its mounts as added');
    for (const n of [4, 5, 6]) await step(n, /✓ step passed/);
    screen = await step(7, /✓ step passed/);
    assert.match(screen, /window "other"/, 'the new window gets its own tree');
    screen = await step(8, /sandbox# rmdir \/tmp\/parent\/mnt {2}→ exit code 1/);
    assert.match(screen, /Device or resource busy/);
    assert.match(screen, /failing syscall: rmdir\("\/tmp\/parent\/mnt"\) = -1 EBUSY \(Device or resource busy\)/);
    assert.match(screen, /\(no mount changed in the part of the tree this scenario touches\)/);

    let from = terminal.screen().length;
    terminal.type('s');
    await terminal.waitFor(/sandbox#$/, from);
    terminal.type('mount -t tmpfs learner /tmp/parent/mnt && findmnt -n -o SOURCE /tmp/parent/mnt');
    screen = await terminal.waitFor(/\nlearner\nsandbox#$/, from);
    terminal.type('exit');
    screen = await terminal.waitFor(/back from the shell; what changed:[^]*\[8\/\d+\][^]*›$/, from);
    assert.match(screen, /\+ \/tmp\/parent\/mnt {2}tmpfs learner {2}private/, 'the tree is re-read after the shell');

    from = terminal.screen().length;
    terminal.type('q');
    screen = await terminal.waitFor(/LAB EXITED \d+/, from);
    assert.match(screen, /sandbox ended, nothing left on the target\nLAB EXITED 0/);
    if (workDir !== undefined) assert.ok(gone(pid, workDir), `the sandbox (init PID ${pid}, ${workDir}) is gone`);
    assert.deepEqual(qemu.filter(isLiveQemu), [], 'the lab VM is stopped');
  } finally {
    terminal.end();
  }
  assert.ok(terminal.serverGone, 'the tmux server is gone');
}
