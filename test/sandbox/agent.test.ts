/**
 * The resident agent on the local target: the same command results as the old path (see
 * agent-equivalence.ts), the mount table it reads after a command, and an agent per sandbox.
 */
import { after, test } from 'node:test';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import assert from 'node:assert/strict';
import { LocalTransport } from '../../src/transport/local.ts';
import { Sandbox } from '../../src/sandbox/sandbox.ts';
import { describeStatus } from '../../src/command/result.ts';
import { sandboxAgentArgv } from '../../src/sandbox/agent/script.ts';
import { teardownScript, WORK_DIR } from '../../src/sandbox/launch.ts';
import { localIdentity } from '../../src/sandbox/identity.ts';
import { compareAgentWithOldPath, TIMEOUT_MS } from './agent-equivalence.ts';

const root = process.getuid?.() === 0;
const transport = new LocalTransport();
after(async () => { await transport.close(); });

test('the agent reports errno, exit code, signal, timeout and output exactly as the old path', { skip: !root && 'needs root' }, async () => {
  await compareAgentWithOldPath(transport);
});

test('a timed-out command says so in the same words', { skip: !root && 'needs root' }, async () => {
  const sandbox = await Sandbox.create(transport, { commandTimeoutMs: TIMEOUT_MS, window: { readyTimeoutMs: 15_000, commandTimeoutMs: 15_000 } });
  try {
    const r = await sandbox.run('sleep 30');
    assert.match(describeStatus(r), /^timed out after \d+ ms$/);
    // the agent carries on after a timeout
    assert.equal((await sandbox.run('echo still here')).stdout, 'still here\n');
  } finally {
    await sandbox.destroy();
  }
});

test('the mount table after a command is the one the agent read, and it is current', { skip: !root && 'needs root' }, async () => {
  const sandbox = await Sandbox.create(transport, { commandTimeoutMs: 30_000, window: { readyTimeoutMs: 15_000, commandTimeoutMs: 15_000 } });
  try {
    await sandbox.run('mkdir -p /mnt/x && mount -t tmpfs agent-table /mnt/x');
    const table = await sandbox.mountTable();
    assert.ok(table.entries.some((e) => e.mountPoint === '/mnt/x'), 'the new mount is in the table');
    const fresh = await transport.readFile(`/proc/${sandbox.initPid}/mountinfo`);
    assert.equal(table.entries.length, fresh.trim().split('\n').length);
  } finally {
    await sandbox.destroy();
  }
});

test('a runner that dies is reported at once, with the end of its log, and the agent takes no more commands', { skip: !root && 'needs root' }, async () => {
  const sandbox = await Sandbox.create(transport, { commandTimeoutMs: 60_000, window: { readyTimeoutMs: 15_000, commandTimeoutMs: 15_000 } });
  const workDir = workDirOf(sandbox);
  try {
    // $PPID of the command is the traced runner (script.ts). The helper must see it go (end of
    // file on its FIFO), not wait out the timeout: then the message would be about SIGKILL.
    await assert.rejects(sandbox.run('kill -KILL $PPID'), /the sandbox agent stopped: it ended \(exit code 3\) its traced runner ended/);
    await assert.rejects(sandbox.run('true'), /the sandbox agent stopped/);
    // a failed agent leaves the sandbox to the scenario's report and to mountlab's own teardown
    assert.ok(existsSync(`/proc/${sandbox.initPid}`), 'the init is still there');
    assert.ok((await sandbox.mountTable()).entries.some((e) => e.mountPoint === '/tmp'), 'its mount table can still be read');
  } finally {
    await sandbox.destroy();
  }
  assert.equal(existsSync(`/proc/${sandbox.initPid}`), false, 'the init is gone');
  assert.equal(existsSync(workDir), false, `${workDir} is removed`);
});

test('a sandbox ends through its agent: its start script runs the teardown, no process of its own', { skip: !root && 'needs root' }, async () => {
  const sandbox = await Sandbox.create(transport, { commandTimeoutMs: 30_000, window: { readyTimeoutMs: 15_000, commandTimeoutMs: 15_000 } });
  const workDir = workDirOf(sandbox);
  await sandbox.run('sleep 600 & mkdir -p /mnt/held && mount -t tmpfs held /mnt/held');
  const exec = transport.exec.bind(transport);
  const execs: string[] = [];
  transport.exec = (argv, options) => { execs.push(argv.join(' ')); return exec(argv, options); };
  try {
    await sandbox.destroy();
  } finally {
    transport.exec = exec;
  }
  assert.deepEqual(execs, []);
  assert.equal(existsSync(`/proc/${sandbox.initPid}`), false, 'the init is gone, and with it the sleep it held');
  assert.equal(existsSync(workDir), false, `${workDir} is removed`);
});

test('a teardown killed midway (as Ctrl-C kills every running command) runs again when asked, and leaves nothing', { skip: !root && 'needs root' }, async () => {
  const sandbox = await Sandbox.create(transport, { commandTimeoutMs: 30_000, window: { readyTimeoutMs: 15_000, commandTimeoutMs: 15_000 } });
  const workDir = workDirOf(sandbox);
  // Ctrl-C during a step: the agent is busy, so the sandbox is ended by a teardown process of its own
  const step = sandbox.run('sleep 600');
  step.catch(() => undefined);
  await new Promise((r) => setTimeout(r, 200));
  const first = sandbox.destroy();
  // its teardown process starts at once; Ctrl-C kills it
  while (transport.killRunning() === 0) await new Promise((r) => setImmediate(r));
  await assert.rejects(first, /could not end sandbox/);
  await sandbox.destroy();
  assert.equal(existsSync(`/proc/${sandbox.initPid}`), false, 'the init is gone');
  assert.equal(existsSync(workDir), false, `${workDir} is removed`);
  // the command the sandbox's end killed is reported, not left waiting
  const r = await step.then((run) => describeStatus(run), (e: unknown) => (e instanceof Error ? e.message : String(e)));
  assert.match(r, /the sandbox agent stopped|killed by SIGKILL/);
});

function workDirOf(sandbox: Sandbox): string {
  const workDir = /^the sandbox (\/tmp\/mountlab\.\S+) /.exec(sandbox.description)?.[1];
  assert.ok(workDir !== undefined && existsSync(workDir), sandbox.description);
  return workDir;
}

test('a start that fails after naming its sandbox leaves nothing: mountlab ends what it was told of', { skip: !root && 'needs root' }, async () => {
  // A stand-in for sandboxAgentArgv (named as such: a runner that dies at its start cannot be
  // provoked from outside): it makes a real work directory and a real process, names them as the
  // real script does (and in a file of this test's), then fails as the helper does when its runner
  // is gone.
  const record = join(mkdtempSync(join(tmpdir(), 'mountlab-test-')), 'named');
  const failingStart = (_owner: string, nonce: string): string[] => ['bash', '-c', `set -e
dir=$(mktemp -d /tmp/mountlab.XXXXXXXX)
setsid sleep 1000 </dev/null >/dev/null 2>&1 &
pid=$!
IFS= read -r stat < "/proc/$pid/stat"
echo "$dir $pid" > "$2"
printf '%s:made\\n%s\\n%s\\n%s\\n' "$1" "$dir" "$pid" "$stat"
echo "its traced runner ended: (the stand-in's)" >&2
exit 3`, 'stand-in-start', nonce, record];
  const options = { commandTimeoutMs: TIMEOUT_MS, window: { readyTimeoutMs: 15_000, commandTimeoutMs: 15_000 } };
  try {
    await assert.rejects(Sandbox.create(transport, options, '', failingStart), /could not start a sandbox on .*its traced runner ended: \(the stand-in's\)/);
    const [dir = '', pid = ''] = readFileSync(record, 'utf8').trim().split(' ');
    assert.match(dir, /^\/tmp\/mountlab\./);
    assert.equal(existsSync(dir), false, `the work directory it named (${dir}) is removed`);
    assert.equal(running(pid), false, `the process it named (PID ${pid}) is ended`);
  } finally {
    rmSync(dirname(record), { recursive: true, force: true });
  }
});

test('a start that hangs after naming its sandbox is ended at its time limit, and leaves nothing', { skip: !root && 'needs root' }, async () => {
  // A stand-in (named as such: a hang cannot be provoked from outside): the real start script
  // with one change, its helper sleeping before its first reply, as an agent that never comes up.
  const tag = `hang-${process.pid}-${Date.now()}`;
  let nonce = '';
  const hangingStart = (_owner: string, n: string): string[] => {
    nonce = n;
    const argv = sandboxAgentArgv(tag, n);
    const script = argv[4] ?? '';
    assert.equal(script.split('reply 0 0 0').length, 2, 'the helper sends its first reply once');
    return argv.with(4, script.replace('reply 0 0 0', 'sleep 1000; reply 0 0 0'));
  };
  const options = { commandTimeoutMs: TIMEOUT_MS, window: { readyTimeoutMs: 15_000, commandTimeoutMs: 15_000 }, agentStartTimeoutMs: 3000 };
  const error = await Sandbox.create(transport, options, tag, hangingStart).then(() => undefined, (e: unknown) => String(e));
  assert.match(error ?? 'it started', /could not start a sandbox on .*: its agent did not start in the sandbox \/tmp\/mountlab\.\w+ \(init PID \d+\), which mountlab ended: the sandbox agent did not answer within 3000 ms/);
  const dir = /\/tmp\/mountlab\.\w+/.exec(error ?? '')?.[0] ?? '';
  // the start script and the helper name the nonce; the start script, strace and the runner's start work in the directory
  const left = await leftAfterSettling(() => [...(existsSync(dir) ? [dir] : []), ...processesWhere((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(nonce) || readlinkSync(`/proc/${pid}/cwd`).startsWith(dir))]);
  assert.deepEqual(left, [], 'its work directory, init, start script, strace, runner and helper are gone');
});

/** Running processes (not zombies) for which `test` holds. */
function processesWhere(test: (pid: string) => boolean): string[] {
  return readdirSync('/proc').filter((e) => /^\d+$/.test(e)).filter((pid) => {
    try {
      return test(pid) && running(pid);
    } catch {
      return false; // gone meanwhile, or not ours to read
    }
  }).map((pid) => `process ${pid}`);
}

/** Whether PID `pid` runs (a zombie has ended). */
function running(pid: string): boolean {
  try {
    return !/^State:\s*Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

test('a start stopped before it names its sandbox (Ctrl-C, mountlab gone) ends what it made itself', { skip: !root && 'needs root' }, async () => {
  // The real start script, run as mountlab runs it on this computer, then stopped at moments
  // spread over its start: SIGINT to its process group (as Ctrl-C sends it), stdin closed (as when
  // mountlab exits) and, every other time, stdout closed too (its header cannot be written). A
  // script that dies of the SIGINT had named its sandbox already (before that it catches the
  // signal): mountlab ends that one, and so does the test, by identity. Nothing else may be left:
  // no process carrying this test's tag in its environment, no work directory it owns.
  const tag = `drill-${process.pid}-${Date.now()}`;
  let endedItself = 0;
  for (const [i, delayMs] of [0, 3, 6, 10, 15, 20, 30, 40, 50, 60, 80, 100, 130].entries()) {
    const [file, ...args] = sandboxAgentArgv(tag, `n${i}`) as [string, ...string[]];
    const child = spawn(file, args, { detached: true, stdio: ['pipe', 'pipe', 'ignore'], env: { ...process.env, MOUNTLAB_DRILL_TAG: tag } });
    const pid = child.pid;
    assert.ok(pid !== undefined && pid > 1, 'the start script runs');
    // 'exit', not 'close': a named sandbox's processes may hold its stdout until it is ended
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => { child.on('exit', (code, signal) => { resolve({ code, signal }); }); });
    child.stdout.resume();
    await sleep(delayMs);
    process.kill(-pid, 'SIGINT');
    if (i % 2 === 1) child.stdout.destroy();
    child.stdin.end();
    const { code, signal } = await exited;
    if (signal === 'SIGINT') endNamedSandboxes(tag);
    else if (code !== 0) endedItself++;
    assert.deepEqual(await leftovers(tag), [], `stopped ${delayMs} ms after its start (exit code ${code}, signal ${signal})`);
  }
  assert.ok(endedItself >= 3, `only ${endedItself} of the starts ended on their own before naming their sandbox: the drill tests too little`);
});

/** Ends the sandboxes whose work directory `tag` owns, as mountlab ends a sandbox it was told of. */
function endNamedSandboxes(tag: string): void {
  for (const dir of workDirsOwnedBy(tag)) {
    const init = localIdentity(Number(readFileSync(`${dir}/ready`, 'utf8').trim()));
    assert.ok(init !== undefined, `the init named in ${dir}/ready runs`);
    const r = spawnSync('bash', ['-c', teardownScript(init, dir)]);
    assert.equal(r.status, 0, r.stderr.toString());
  }
}

/** The work directories on this computer whose owner file holds `tag`. */
function workDirsOwnedBy(tag: string): string[] {
  return readdirSync('/tmp').map((n) => `/tmp/${n}`).filter((dir) => {
    try {
      return WORK_DIR.test(dir) && readFileSync(`${dir}/owner`, 'utf8').trim() === tag;
    } catch {
      return false; // gone meanwhile
    }
  });
}

/** Processes whose environment carries `tag`, and work directories it owns, after at most 3 s. */
function leftovers(tag: string): Promise<string[]> {
  return leftAfterSettling(() => [...workDirsOwnedBy(tag), ...processesWhere((pid) => readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`MOUNTLAB_DRILL_TAG=${tag}`))]);
}

/** What `find` names, once it names nothing or after at most 3 s (ended processes take a moment to go). */
async function leftAfterSettling(find: () => string[]): Promise<string[]> {
  let left = find();
  for (let waited = 0; left.length > 0 && waited < 3000; waited += 100) {
    await sleep(100);
    left = find();
  }
  return left;
}
