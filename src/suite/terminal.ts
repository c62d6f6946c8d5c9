import { spawn } from 'node:child_process';
import { constants } from 'node:os';

/**
 * Runs a command that owns the terminal (stdin, stdout, stderr inherited) and resolves its exit
 * code, 128+n when a signal ended it (130 for Ctrl-C). The terminal's Ctrl-C reaches the child
 * itself, which cleans up (cucumber stops its VM, build.sh its loop devices); this process
 * ignores it meanwhile and waits for the child to finish.
 */
export function runInTerminal(command: string, argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const child = spawn(command, argv, { stdio: 'inherit', env });
  const ignore = (): void => undefined;
  process.on('SIGINT', ignore);
  return new Promise((resolve) => {
    const done = (code: number): void => {
      process.off('SIGINT', ignore);
      resolve(code);
    };
    child.on('error', (err) => {
      process.stderr.write(`mountlab: ${command}: ${err.message}\n`);
      done(127);
    });
    child.on('exit', (code, signal) => {
      done(code ?? 128 + (signal === null ? 0 : constants.signals[signal]));
    });
  });
}
