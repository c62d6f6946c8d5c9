/**
 * The long-lived-shell engine: runs commands one at a time over one `sh` on the ssh transport's
 * connection (framing in framing.ts), opening a new shell when the last one has ended. About 5x
 * faster than an exec channel per command, but not exact in two respects, which is why the
 * transport's exec() does not use it: a command killed by signal N reads as exit code 128+N (a
 * shell cannot tell the two apart), and the result comes back as soon as the command exits,
 * without waiting for background processes that still hold its stdout. Commands run one at a
 * time, with stdin from /dev/null. Only the bench (round-trips.ts) and its tests use it.
 */
import type { CommandResult } from '../../src/command/result.ts';
import { quoteArgv } from '../../src/shell/quote.ts';
import type { SshConnection } from '../../src/transport/ssh/connection.ts';
import { frameCommand, MarkerScanner } from './framing.ts';
import { openShellChannel } from './channel.ts';
import type { ShellState } from './channel.ts';

export class ShellRunner {
  readonly #connection: SshConnection;
  #shell: Promise<ShellState> | null = null;
  /** One command at a time: each waits for the previous one. */
  #shellQueue: Promise<unknown> = Promise.resolve();

  constructor(connection: SshConnection) {
    this.#connection = connection;
  }

  /** Runs argv in the shell, queued behind the command in flight; throws at once when the connection is down. */
  exec(argv: readonly string[]): Promise<CommandResult> {
    if (argv.length === 0) throw new Error('exec: empty argv');
    const command = quoteArgv(argv);
    const started = performance.now();
    this.#connection.checkUp(command);
    const run = this.#shellQueue.then(() => this.#runInShell(command, started));
    this.#shellQueue = run.catch(() => undefined);
    return run;
  }

  async #runInShell(command: string, started: number): Promise<CommandResult> {
    const shell = await this.#getShell(command);
    const frame = frameCommand(command);
    const outScan = new MarkerScanner(frame.token, shell.stdoutLeftover);
    const errScan = new MarkerScanner(frame.token, shell.stderrLeftover);
    return new Promise<CommandResult>((resolve, reject) => {
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
