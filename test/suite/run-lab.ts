import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** `npm run lab` without npm: src/cli/lab.ts as support/build.mjs compiles it. */
export const LAB = [process.execPath, 'support/lab.mjs'] as const;

/**
 * Runs `npm run lab` (src/cli/lab.ts) as a user would, and returns what it printed. As another
 * user (asUser), who may not write node_modules/.cache, its compiled code goes to a TMPDIR of its
 * own, removed after.
 */
export function runLab(args: readonly string[], options: { env?: NodeJS.ProcessEnv; asUser?: number } = {}): SpawnSyncReturns<string> {
  const command = [...LAB, ...args];
  const tmp = options.asUser === undefined ? undefined : mkdtempSync(join(tmpdir(), 'mountlab-run-lab-'));
  if (tmp !== undefined && options.asUser !== undefined) chownSync(tmp, options.asUser, options.asUser);
  const argv = options.asUser === undefined
    ? command
    : ['setpriv', `--reuid=${options.asUser}`, `--regid=${options.asUser}`, '--clear-groups', '--inh-caps=-all', ...command];
  const [program, ...rest] = argv as [string, ...string[]];
  try {
    return spawnSync(program, rest, {
      cwd: REPO,
      encoding: 'utf8',
      env: { ...process.env, ...(tmp === undefined ? {} : { TMPDIR: tmp }), ...options.env },
      timeout: 15 * 60 * 1000,
    });
  } finally {
    if (tmp !== undefined) rmSync(tmp, { recursive: true, force: true });
  }
}

export interface LabOutput {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * runLab without blocking this process: needed when this process must keep serving something the
 * run talks to (the test sshd's log pipe: blocked, sshd stalls once the pipe is full).
 */
export function runLabAsync(args: readonly string[], options: { env?: NodeJS.ProcessEnv } = {}): Promise<LabOutput> {
  const [node, ...lab] = LAB;
  const child = spawn(node, [...lab, ...args], {
    cwd: REPO,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString('utf8'); });
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString('utf8'); });
  return new Promise((resolve) => {
    child.on('close', (status) => { resolve({ status, stdout, stderr }); });
  });
}
