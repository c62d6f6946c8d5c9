/**
 * The commands that show a command result is reported exactly the same through the resident agent
 * (src/sandbox/agent/) as through the old strace-per-command path (MOUNTLAB_AGENT=0): errno,
 * exit code, signal, timeout, output. Shared by the local test and the lab VM one.
 */
import assert from 'node:assert/strict';
import { Sandbox, type TracedRun } from '../../src/sandbox/sandbox.ts';
import type { Transport } from '../../src/transport/types.ts';

/** Short, so the timeout case is quick; every other case ends well within it (on this computer). */
export const TIMEOUT_MS = 3_000;

export const CASES: readonly { readonly what: string; readonly script: string }[] = [
  { what: 'a mount that works', script: 'mkdir -p /mnt/a && mount -t tmpfs agent-test /mnt/a && echo done' },
  { what: 'an errno (rmdir of a mount point: EBUSY)', script: 'mkdir -p /mnt/b && mount -t tmpfs agent-test /mnt/b && rmdir /mnt/b' },
  { what: 'an errno (mount on a missing directory: ENOENT), exit code 32', script: 'mount -t tmpfs agent-test /mnt/missing' },
  { what: 'an exit code above 128 that is no signal', script: 'echo out; echo err >&2; exit 130' },
  { what: 'a command killed by a signal', script: 'echo before; kill -TERM $$' },
  { what: 'a command killed by SIGKILL', script: 'kill -KILL $$' },
  { what: 'output without a final newline', script: "printf 'no newline'; printf 'err without' >&2" },
  { what: 'output of many lines, with trailing blank lines', script: 'seq 1 2000; printf "\\n\\n"' },
  { what: 'output with a NUL byte (the helper sends it with cat)', script: "printf 'a\\0b'; printf 'c\\0' >&2" },
  { what: 'output over 1 MiB (the helper sends it with cat)', script: "head -c 1100000 /dev/zero | tr '\\0' x; echo" },
  { what: 'bash\'s own message names the line, and $0, $#, SHLVL and the variables read as in bash -c', script: 'true\nno-such-command-mountlab\necho "$0 $# $SHLVL [${verb-}${script-}${len-}${d-}]"; return 3' },
  { what: 'set -e and a trap on EXIT', script: 'trap "echo trapped" EXIT; set -e; false; echo not reached' },
  { what: 'its own PID (run by bash -c)', script: 'test "$$" -gt 1 && echo pid' },
  { what: 'a command that times out', script: 'echo started; sleep 60' },
];

/** What must be equal between the two paths. */
export function reported(r: TracedRun): unknown {
  return {
    exitCode: r.exitCode,
    signal: r.signal,
    stdout: r.stdout,
    stderr: r.stderr,
    failed: r.failed,
    timedOut: r.timedOut,
    // Pids differ between runs; nsenter's own setns calls were an artefact of the old path
    // (it ran under the per-command strace); none of these commands calls setns itself.
    syscalls: r.syscalls.filter((c) => c.name !== 'setns').map((c) => ({ name: c.name, args: c.args, returned: c.returned, errno: c.errno })),
  };
}

/** Runs every case in a fresh sandbox per path, and compares the two results case by case. */
export async function compareAgentWithOldPath(transport: Transport, timeoutMs = TIMEOUT_MS): Promise<void> {
  const options = { commandTimeoutMs: timeoutMs, window: { readyTimeoutMs: 30_000, commandTimeoutMs: 30_000 } };
  const results: Record<string, TracedRun[]> = {};
  for (const mode of ['0', '1']) {
    process.env.MOUNTLAB_AGENT = mode;
    const sandbox = await Sandbox.create(transport, options);
    try {
      for (const c of CASES) (results[c.what] ??= []).push(await sandbox.run(c.script));
    } finally {
      await sandbox.destroy();
      delete process.env.MOUNTLAB_AGENT;
    }
  }
  for (const c of CASES) {
    const [old, agent] = results[c.what] ?? [];
    assert.ok(old !== undefined && agent !== undefined);
    assert.deepEqual(reported(agent), reported(old), `${c.what}: \`${c.script}\``);
  }
  const by = (what: string): TracedRun => results[what]?.[1] as TracedRun;
  // And what the two agree on is what was expected, not an error shared by both paths:
  assert.equal(by('an errno (rmdir of a mount point: EBUSY)').syscalls.find((c) => c.name === 'rmdir')?.errno, 'EBUSY');
  assert.equal(by('an errno (mount on a missing directory: ENOENT), exit code 32').exitCode, 32);
  assert.equal(by('an exit code above 128 that is no signal').exitCode, 130);
  assert.equal(by('a command killed by a signal').signal, 'SIGTERM');
  assert.equal(by('a command killed by SIGKILL').signal, 'SIGKILL');
  assert.equal(by('output without a final newline').stdout, 'no newline');
  const timedOut = by('a command that times out');
  assert.equal(timedOut.timedOut, true);
  assert.equal(timedOut.stdout, 'started\n');
}
