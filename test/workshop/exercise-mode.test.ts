import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canDrive, gone, labCommand, sandboxWorkDir, Terminal } from './tmux.ts';

// Exercise mode through a real terminal (tmux) on the local target, with privatetmp.feature's
// outline, private row: "the other namespace keeps its copy after the host unmounts". The learner
// first unmounts in the wrong place (window "other"), checks and sees what fails, fixes it (mounts
// the copy back in the window, unmounts in the sandbox), checks again and passes.
test('exercise mode: a learner gets it wrong, checks, fixes it, checks again', { skip: !canDrive && 'needs root and tmux', timeout: 1_200_000 }, async () => {
  const terminal = new Terminal(labCommand('--exercise', 'features/privatetmp.feature:43'), process.cwd());
  const at = (prompt: string, from: number) => terminal.waitFor(new RegExp(`\\n${prompt}#$`), from);
  const typed = async (line: string, prompt: string): Promise<string> => {
    const from = terminal.screen().length;
    terminal.type(line);
    return at(prompt, from);
  };
  try {
    let screen = await terminal.waitFor(/Prompt commands:[^]*\nsandbox#$/, 0, 900_000);
    assert.match(screen, /Exercise: the other namespace keeps its copy after the host unmounts only under a private parent/);
    assert.match(screen, /See that the mount still exists in your unshare namespace/, 'the description is the task');
    assert.match(screen, /the scenario's windows: "other"/);
    const pid = Number(/sandbox: init PID (\d+) on local/.exec(screen)?.[1]);
    const workDir = sandboxWorkDir(pid);

    await typed('window other', 'other');
    await typed('umount /tmp/parent/mnt', 'other');
    screen = await typed('check', 'other');
    assert.match(screen, /✓ "\/tmp\/parent" has propagation private in window "other"/);
    assert.match(screen, /✗ "\/tmp\/parent\/mnt" is a mount point in window "other"\n\s+expected \/tmp\/parent\/mnt to be a mount point in window "other", but it is not/);
    assert.match(screen, /✗ "\/tmp\/parent\/mnt" is not a mount point\n/);
    assert.match(screen, /not judged: these are about the document's own commands \(see solution\)[^]*· it succeeds/);
    assert.match(screen, /1 of 3 checks hold\./);
    assert.match(screen, /window "other"[^]*− \/tmp\/parent\/mnt {2}tmpfs mountlab-sandbox \[\/testmount\]/, 'the tree marks the copy the learner removed');

    await typed('mount --bind /tmp/testmount /tmp/parent/mnt', 'other');
    await typed('sandbox', 'sandbox');
    await typed('umount /tmp/parent/mnt', 'sandbox');
    screen = await typed('check', 'sandbox');
    assert.match(screen, /✓ "\/tmp\/parent\/mnt" is a mount point in window "other"/);
    assert.match(screen, /✓ "\/tmp\/parent\/mnt" is not a mount point\n/);
    assert.match(screen, /All 3 checks hold: well done\./);

    screen = await typed('solution', 'sandbox');
    assert.match(screen, /When I run "mount --make-private \/tmp\/parent"\n\s+When I run "umount \/tmp\/parent\/mnt"/);

    const from = terminal.screen().length;
    terminal.type('quit');
    screen = await terminal.waitFor(/LAB EXITED \d+/, from);
    assert.match(screen, /sandbox ended, nothing left on the target\nLAB EXITED 0/);
    assert.ok(gone(pid, workDir), `the sandbox (init PID ${pid}, ${workDir}) is gone`);
  } finally {
    terminal.end();
  }
  assert.ok(terminal.serverGone, 'the tmux server is gone');
});
