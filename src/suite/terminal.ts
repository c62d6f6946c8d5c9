import { spawn } from 'node:child_process';
import { constants } from 'node:os';

/** Sent to this process alone (kill PID, `npm run lab` forwarding), so passed on to the child. */
const FORWARDED = ['SIGTERM', 'SIGHUP'] as const;

/**
 * Runs a command that owns the terminal (stdin, stdout, stderr inherited) and resolves its exit
 * code, 128+n when a signal ended it (130 for Ctrl-C). The terminal's Ctrl-C reaches the child
 * itself, which cleans up (cucumber ends its sandboxes and VM, build.sh its loop devices); this
 * process ignores it meanwhile and waits for the child to finish. A SIGTERM or SIGHUP sent to
 * this process is passed on to the child, and this process still waits: without that, the child
 * ran on alone after its parent died.
 */
export function runInTerminal(command: string, argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const child = spawn(command, argv, { stdio: 'inherit', env });
  const ignore = (): void => undefined;
  const forward = (signal: NodeJS.Signals): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  process.on('SIGINT', ignore);
  for (const s of FORWARDED) process.on(s, forward);
  return new Promise((resolve) => {
    const done = (code: number): void => {
      process.off('SIGINT', ignore);
      for (const s of FORWARDED) process.off(s, forward);
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
