import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { LocalTransport } from '../../src/transport/local.ts';
import { Scenario } from '../../src/scenario/scenario.ts';

const root = process.getuid?.() === 0;
const options = { commandTimeoutMs: 30_000, window: { readyTimeoutMs: 15_000, commandTimeoutMs: 30_000 } };

let transport: LocalTransport;
let lab: Scenario;
let hostMountsBefore: string;

before(() => {
  hostMountsBefore = readFileSync('/proc/self/mountinfo', 'utf8');
  transport = new LocalTransport();
  lab = new Scenario(transport, options);
});

after(async () => {
  await lab.end();
  await transport.close();
});

// The text a feature author writes after `When I run` must reach bash as is: one word per
// quoted argument, `;` as a separator, `$` expanded by the sandbox's shell and not before.
test('a command reaches the sandbox shell exactly as written', { skip: !root && 'needs root' }, async () => {
  const run = await lab.run(`printf '[%s]' "/tmp/with space" 'semi;colon' "it's" 'dollar $HOME' "\\"dq\\""; echo; echo second`);
  assert.equal(run.exitCode, 0, run.stderr);
  assert.equal(run.stdout, `[/tmp/with space][semi;colon][it's][dollar $HOME]["dq"]\nsecond\n`);
});

test('the same text typed into a window arrives the same way', { skip: !root && 'needs root' }, async () => {
  await lab.openWindow('w', 'unshare -m bash');
  const run = await lab.runInWindow('w', `printf '[%s]' "/tmp/with space" 'semi;colon' "it's"; echo; echo second`);
  assert.equal(run.exitCode, 0);
  assert.equal(run.stdout, `[/tmp/with space][semi;colon][it's]\nsecond\n`);
  const failed = await lab.runInWindow('w', 'false');
  assert.equal(failed.exitCode, 1);
  lab.commands.markChecked(failed);
});

// The window's shells read typed lines whole, without readline (window.ts, NO_LINE_EDITING): a
// line as long as the terminal takes arrives whole in the nested shell too, a longer one is
// refused before anything is typed, and the window goes on.
test('a long line typed into a window arrives whole; one longer than the terminal takes is refused, saying why', { skip: !root && 'needs root' }, async () => {
  const word = 'x'.repeat(4000);
  const run = await lab.runInWindow('w', `echo ${word} | wc -c; set -o | grep -E '^(emacs|vi) ' | tr -s ' \t' ' '`);
  assert.equal(run.stdout, '4001\nemacs off\nvi off\n');
  await assert.rejects(lab.runInWindow('w', `echo ${'y'.repeat(4100)}`), /window "w": a line of "echo y+" is 4\d{3} bytes, and a window's shell reads a typed line whole from the terminal, which takes at most 4095: split the command/);
  assert.equal((await lab.runInWindow('w', 'echo after')).stdout, 'after\n');
});

test('a window whose command exits before its shell is ready fails and says why', { skip: !root && 'needs root' }, async () => {
  await assert.rejects(lab.openWindow('gone', 'unshare --no-such-option bash'), /window "gone": "unshare --no-such-option bash" exited with status 1 before its shell was ready/);
});

// `docker run -ti` reads the terminal while it runs: nothing mountlab types to find the end of a
// command may be waiting there to be read by it.
test('a command that reads the terminal does not swallow the window\'s end marker', { skip: !root && 'needs root' }, async () => {
  const run = await lab.runInWindow('w', 'read -r -t 1 typed; echo "read [$typed]"');
  lab.commands.markChecked(run);
  assert.equal(run.stdout, 'read []\n');
  assert.equal(run.exitCode, 0);
  const cd = await lab.runInWindow('w', 'cd /tmp && echo "$PWD"');
  assert.equal(cd.stdout, '/tmp\n');
  assert.equal((await lab.runInWindow('w', 'pwd')).stdout, '/tmp\n', 'a command runs in the window\'s shell, not a subshell');
});

// `docker run -it ubuntu bash` in a window: the container's shell is on a terminal of docker's
// own. `script` is the same kind of terminal proxy, and runs here without Docker.
test('a window whose foreground is a terminal proxy takes commands, but will not guess its namespace', { skip: !root && 'needs root' }, async () => {
  await lab.openWindow('proxy', 'script -q -c "bash --norc --noprofile" /dev/null');
  const run = await lab.runInWindow('proxy', 'echo "inner $((6 * 7))"');
  assert.equal(run.exitCode, 0);
  assert.match(run.stdout, /inner 42/);
  // the proxy's shell was started before the window's strace attached: it is traced all the same
  const rmdir = await lab.runInWindow('proxy', 'rmdir /tmp');
  lab.commands.markChecked(rmdir);
  assert.equal(rmdir.syscalls.find((s) => s.name === 'rmdir')?.errno, 'EBUSY');
  const transcript = (await lab.windowTranscripts()).find((w) => w.name === 'proxy')?.transcript ?? '';
  assert.doesNotMatch(transcript, /__ML_/, 'the proxy terminal\'s echo of mountlab\'s markers is not shown');
  await assert.rejects(lab.view({ kind: 'window', name: 'proxy' }), /window "proxy": the process in its foreground is script \(PID \d+\), not a shell.*"in docker container NAME"/);
});

test('tracing a service that is not running says which and what to check, and runs nothing', { skip: !root && 'needs root' }, async () => {
  const before = lab.commands.all.length;
  await assert.rejects(
    lab.run('touch /tmp/should-not-run', { service: 'mountlab-no-such' }),
    /cannot trace mountlab-no-such\.service: it has no running main process on .*is it installed and started\?/,
  );
  assert.equal(lab.commands.all.length, before);
  assert.equal((await lab.run('test ! -e /tmp/should-not-run')).exitCode, 0);
});

test('mounts made in the sandbox stay in the sandbox, and errnos come from the syscall', { skip: !root && 'needs root' }, async () => {
  const run = await lab.run('mkdir "/tmp/in sandbox" && mount -t tmpfs probe "/tmp/in sandbox" && rmdir "/tmp/in sandbox"');
  lab.commands.markChecked(run);
  assert.equal(run.exitCode, 1);
  const rmdir = run.syscalls.find((s) => s.name === 'rmdir');
  assert.equal(rmdir?.errno, 'EBUSY');
  assert.ok((await lab.view()).table.isMountPoint('/tmp/in sandbox'));
  assert.equal(readFileSync('/proc/self/mountinfo', 'utf8'), hostMountsBefore);
});

test('a command typed into a window has its syscalls traced too', { skip: !root && 'needs root' }, async () => {
  const run = await lab.runInWindow('w', 'mkdir /tmp/w && mount -t tmpfs w /tmp/w && rmdir /tmp/w');
  lab.commands.markChecked(run);
  assert.equal(run.exitCode, 1);
  const syscalls = run.syscalls;
  assert.equal(syscalls.find((s) => s.name === 'rmdir')?.errno, 'EBUSY');
  assert.equal(syscalls.find((s) => s.name === 'mount')?.failed, false);
});
