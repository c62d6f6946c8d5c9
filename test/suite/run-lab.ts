import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** Runs `npm run lab` (src/cli/lab.ts) as a user would, and returns what it printed. */
export function runLab(args: readonly string[], options: { env?: NodeJS.ProcessEnv; asUser?: number } = {}): SpawnSyncReturns<string> {
  const command = [process.execPath, '--import', 'tsx', 'src/cli/lab.ts', ...args];
  const argv = options.asUser === undefined
    ? command
    : ['setpriv', `--reuid=${options.asUser}`, `--regid=${options.asUser}`, '--clear-groups', '--inh-caps=-all', ...command];
  const [program, ...rest] = argv as [string, ...string[]];
  return spawnSync(program, rest, {
    cwd: REPO,
    encoding: 'utf8',
    env: { ...process.env, ...options.env },
    timeout: 15 * 60 * 1000,
  });
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
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/lab.ts', ...args], {
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
