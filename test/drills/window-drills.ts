/**
 * Window drills (issue 10): what a person can do to a window that once lost output or hung for
 * the whole command timeout. Each drill runs in a real sandbox through a real PTY, asserts what
 * the step would say, then ends the sandbox and asserts that nothing of it is left. Registered
 * once per transport (local, and ssh to a loopback sshd).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { Sandbox } from '../../src/sandbox/sandbox.ts';
import type { Transport } from '../../src/transport/types.ts';
import { cutNote, DEFAULT_OUTPUT_CAP_BYTES } from '../../src/command/output-cap.ts';
import { SANDBOX_MARKER } from '../../src/sandbox/launch.ts';

const COMMAND_TIMEOUT_MS = 60_000;

function options(outputCapBytes?: number): Parameters<typeof Sandbox.create>[1] {
  return { commandTimeoutMs: COMMAND_TIMEOUT_MS, window: { readyTimeoutMs: 15_000, commandTimeoutMs: COMMAND_TIMEOUT_MS, ...(outputCapBytes !== undefined ? { outputCapBytes } : {}) } };
}

/** What must be gone once the sandbox has ended, read on this computer (the sshd is local too). */
interface Traces {
  readonly initPid: number;
  readonly pidNamespace: string;
  readonly workDir: string;
  readonly windowLeaders: readonly number[];
}

function tracesOf(sandbox: Sandbox): Traces {
  const workDir = /\/tmp\/mountlab\.[A-Za-z0-9]+/.exec(sandbox.teardownScript)?.[0];
  assert.ok(workDir !== undefined, sandbox.teardownScript);
  return {
    initPid: sandbox.initPid,
    pidNamespace: readlinkSync(`/proc/${sandbox.initPid}/ns/pid`),
    workDir,
    windowLeaders: sandbox.allWindows().map((w) => w.leaderPid),
  };
}

function alive(pid: number): boolean {
  try {
    return !/^State:\s*Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

function inNamespace(pidNamespace: string): number[] {
  return readdirSync('/proc').filter((e) => /^\d+$/.test(e)).filter((pid) => {
    try {
      return readlinkSync(`/proc/${pid}/ns/pid`) === pidNamespace;
    } catch {
      return false;
    }
  }).map(Number);
}

/** What is still there of the sandbox, waiting up to 5 s for processes that are being ended. */
async function leftovers(traces: Traces): Promise<string[]> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const left = [
      ...(alive(traces.initPid) ? [`the sandbox's init (PID ${traces.initPid})`] : []),
      ...inNamespace(traces.pidNamespace).map((pid) => `process ${pid} in the sandbox's PID namespace`),
      ...traces.windowLeaders.filter(alive).map((pid) => `the window's first process (PID ${pid})`),
      ...(existsSync(traces.workDir) ? [`the work directory ${traces.workDir}`] : []),
    ];
    if (left.length === 0 || Date.now() > deadline) return left;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Runs `drill` in a fresh sandbox with a window "w", ends it, and asserts nothing is left. */
async function inSandbox(transport: Transport, windowCommand: string, outputCapBytes: number | undefined, drill: (sandbox: Sandbox) => Promise<void>): Promise<void> {
  const mountsBefore = readFileSync('/proc/self/mountinfo', 'utf8');
  const sandbox = await Sandbox.create(transport, options(outputCapBytes));
  let traces: Traces | undefined;
  try {
    await sandbox.openWindow('w', windowCommand);
    traces = tracesOf(sandbox);
    await drill(sandbox);
  } finally {
    await sandbox.destroy();
  }
  assert.deepEqual(await leftovers(traces), [], 'nothing of the sandbox is left');
  // Only mountlab's own: other work on this machine (a lab image build) may mount meanwhile.
  const before = new Set(mountsBefore.split('\n'));
  const added = readFileSync('/proc/self/mountinfo', 'utf8').split('\n').filter((line) => !before.has(line));
  const ours = traces.workDir;
  assert.deepEqual(added.filter((line) => line.includes(SANDBOX_MARKER) || line.includes(ours)), [], 'no mount of the sandbox reached the machine');
}

async function fails(run: Promise<unknown>, message: RegExp): Promise<number> {
  const started = performance.now();
  await assert.rejects(run, message);
  return performance.now() - started;
}

export function windowDrills(label: string, transport: () => Transport): void {
  test(`${label}: printf abc in a window gives abc, the unterminated line included`, async () => {
    await inSandbox(transport(), 'unshare -m bash', undefined, async (sandbox) => {
      const run = await sandbox.runInWindow('w', 'printf abc');
      assert.equal(run.stdout, 'abc');
      assert.equal(run.exitCode, 0);
      assert.equal((await sandbox.runInWindow('w', 'printf "two\\nlines\\n"')).stdout, 'two\nlines\n');
    });
  });

  test(`${label}: 20 MB in a window, every byte under a large cap and cut with a note under the default`, async () => {
    await inSandbox(transport(), 'unshare -m bash', 32 * 1024 * 1024, async (sandbox) => {
      const started = performance.now();
      const line = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdef';
      const run = await sandbox.runInWindow('w', `yes ${line} | head -c 20000000`);
      const ms = performance.now() - started;
      console.log(`# ${label}: 20 MB in lines through a window took ${ms.toFixed(0)} ms`);
      assert.equal(run.exitCode, 0);
      assert.equal(run.stdout.length, 20_000_000);
      assert.ok(run.stdout === `${line}\n`.repeat(Math.ceil(20_000_000 / (line.length + 1))).slice(0, 20_000_000), 'every byte, in order');
    });
    await inSandbox(transport(), 'unshare -m bash', undefined, async (sandbox) => {
      const started = performance.now();
      const run = await sandbox.runInWindow('w', 'head -c 20000000 /dev/zero | tr "\\0" x; echo " end"');
      console.log(`# ${label}: 20 MB without a newline through a window took ${(performance.now() - started).toFixed(0)} ms`);
      assert.equal(run.exitCode, 0, 'the command still ends normally');
      assert.equal(run.stdout, 'x'.repeat(DEFAULT_OUTPUT_CAP_BYTES) + cutNote(DEFAULT_OUTPUT_CAP_BYTES));
      assert.equal((await sandbox.runInWindow('w', 'echo next')).stdout, 'next\n', 'the window goes on');
    });
  });

  test(`${label}: exit in a nested shell says the window's shell exited, at once`, async () => {
    await inSandbox(transport(), 'unshare -m bash', undefined, async (sandbox) => {
      const ms = await fails(sandbox.runInWindow('w', 'exit'), /window "w": the window's shell exited while "exit" ran; the window is back in the shell it was started from/);
      // The message, not the command timeout, ended the step: it says why, before the limit.
      assert.ok(ms < COMMAND_TIMEOUT_MS, `took ${ms.toFixed(0)} ms, as long as the command timeout`);
    });
  });

  test(`${label}: exit in the window's only shell says so, and that the window closed`, async () => {
    await inSandbox(transport(), 'exec bash', undefined, async (sandbox) => {
      const ms = await fails(sandbox.runInWindow('w', 'exit 3'), /window "w": the window's shell exited \(exit 3\) while "exit 3" ran, and the window closed/);
      // The message, not the command timeout, ended the step: it says why, before the limit.
      assert.ok(ms < COMMAND_TIMEOUT_MS, `took ${ms.toFixed(0)} ms, as long as the command timeout`);
    });
  });

  test(`${label}: an unbalanced quote says the shell is waiting for more input, at once, and the window goes on`, async () => {
    await inSandbox(transport(), 'unshare -m bash', undefined, async (sandbox) => {
      const ms = await fails(sandbox.runInWindow('w', "echo 'abc"), /window "w": the shell is waiting for more input \(an unbalanced quote\?\) after "echo 'abc"; mountlab pressed Ctrl-C to drop it/);
      // The message, not the command timeout, ended the step: it says why, before the limit.
      assert.ok(ms < COMMAND_TIMEOUT_MS, `took ${ms.toFixed(0)} ms, as long as the command timeout`);
      assert.equal((await sandbox.runInWindow('w', 'echo "balanced"')).stdout, 'balanced\n');
    });
  });
}
