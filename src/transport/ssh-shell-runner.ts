/**
 * execViaShell's engine: runs commands one at a time over one long-lived `sh` (framing in
 * ssh-shell.ts), opening a new shell when the last one has ended.
 */
import type { RunResult } from '../result.ts';
import type { SshConnection } from './ssh-connection.ts';
import { frameCommand, MarkerScanner } from './ssh-shell.ts';
import { openShellChannel } from './ssh-shell-channel.ts';
import type { ShellState } from './ssh-shell-channel.ts';

export class ShellRunner {
  readonly #connection: SshConnection;
  #shell: Promise<ShellState> | null = null;
  /** execViaShell runs one command at a time: each waits for the previous one. */
  #shellQueue: Promise<unknown> = Promise.resolve();

  constructor(connection: SshConnection) {
    this.#connection = connection;
  }

  /** Queues `command` (already quoted) behind the one in flight; throws at once when the connection is down. */
  run(command: string, started: number): Promise<RunResult> {
    this.#connection.checkUp(command);
    const run = this.#shellQueue.then(() => this.#runInShell(command, started));
    this.#shellQueue = run.catch(() => undefined);
    return run;
  }

  async #runInShell(command: string, started: number): Promise<RunResult> {
    const shell = await this.#getShell(command);
    const frame = frameCommand(command);
    const outScan = new MarkerScanner(frame.token, shell.stdoutLeftover);
    const errScan = new MarkerScanner(frame.token, shell.stderrLeftover);
    return new Promise<RunResult>((resolve, reject) => {
      const settle = this.#connection.settleOnce(command, reject, () => {
        shell.onStdout = shell.onStderr = shell.onEnd = null;
      });
      if (settle === null) return;
      const check = (): void => {
        if (!outScan.done || !errScan.done) return;
        settle(() => {
          shell.stdoutLeftover = outScan.rest;
          shell.stderrLeftover = errScan.rest;
          const status = Number(outScan.trailer);
          resolve({
            command,
            exitCode: status,
            signal: null,
            stdout: outScan.body.toString('utf8'),
            stderr: errScan.body.toString('utf8'),
            durationMs: performance.now() - started,
            failed: status !== 0,
            timedOut: false,
          });
        });
      };
      shell.onStdout = (b) => {
        outScan.push(b);
        check();
      };
      shell.onStderr = (b) => {
        errScan.push(b);
        check();
      };
      shell.onEnd = (why) => {
        settle(() => {
          reject(
            new Error(
              `ssh ${this.#connection.hostPort}: the shell channel ended (${why}) while running \`${command}\`; its result is unknown`,
            ),
          );
        });
      };
      if (shell.dead) {
        shell.onEnd('it had already ended');
        return;
      }
      shell.channel.write(frame.script);
    });
  }

  async #getShell(command: string): Promise<ShellState> {
    const current = this.#shell;
    if (current !== null) {
      const s = await current.catch(() => null);
      if (s !== null && !s.dead) return s;
      if (this.#shell === current) this.#shell = null;
      if (this.#shell !== null) return this.#getShell(command);
    }
    const opening = openShellChannel(this.#connection, command);
    this.#shell = opening;
    return opening;
  }
}
