import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
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
