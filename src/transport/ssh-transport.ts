/**
 * The ssh transport: one persistent ssh2 connection to a target, over which every command runs.
 *
 * - exec(): one exec channel per command (`sudo -n -- ` in front when the login user is not root).
 *   It is exact in every respect: stdout and stderr apart, the exit code or the signal as sshd
 *   reports them, done only when every writer of the output has finished (as with a local pipe),
 *   and commands run side by side. Channels beyond OpenSSH's MaxSessions (10) wait their turn.
 * - execViaShell(): the same over one long-lived `sh` (framing in ssh-shell.ts). About 5x faster
 *   on loopback (≈0.5 ms against ≈2.7 ms per command, see ssh-bench.ts), but a signal death reads
 *   as exit code 128+N, background writers are not waited for, and commands are serialised; so
 *   exec() does not use it. It is there for callers that run many short commands in a row.
 * - openPty(): an exec channel with a pseudo-terminal (TERM=xterm-256color); close() hangs up.
 * - readFile(): `cat -- PATH` over exec, not sftp: the lab images may lack sftp-server, and `cat`
 *   reads with the same privileges (sudo) and in the same way as every other command.
 * - When the connection drops (or keepalives go unanswered for ~30 s) every pending and later
 *   operation rejects with TargetLostError naming host:port, the cause and the command.
 */
import type { Client } from 'ssh2';
import type { RunResult } from '../result.ts';
import { quoteArgv } from '../shell/quote.ts';
import type { ExecOptions, PtyChannel, PtyOptions, Transport } from './types.ts';
import { SshConnection } from './ssh-connection.ts';
import type { LossHandler } from './ssh-connection.ts';
import type { SshEndpoint } from './ssh-endpoint.ts';
import { execViaChannel } from './ssh-exec-channel.ts';
import { openChannel } from './ssh-open-channel.ts';
import { PtyBridge } from './ssh-pty.ts';
import { ShellRunner } from './ssh-shell-runner.ts';

export class SshTransport implements Transport {
  readonly description: string;
  readonly #connection: SshConnection;
  readonly #shell: ShellRunner;

  /** Use connectSsh(). */
  constructor(endpoint: SshEndpoint, client: Client) {
    this.#connection = new SshConnection(endpoint, client);
    this.#shell = new ShellRunner(this.#connection);
    this.description = `ssh ${endpoint.username}@${this.#connection.hostPort}`;
  }

  /** true once the connection has closed or errored */
  get lost(): boolean {
    return this.#connection.downReason !== null;
  }

  /** Runs argv over its own exec channel (execViaChannel); see the file comment for why. */
  exec(argv: readonly string[], options: ExecOptions = {}): Promise<RunResult> {
    return this.execViaChannel(argv, options);
  }

  /** One exec channel for this command: exact, concurrent, supports stdin and timeouts. */
  execViaChannel(argv: readonly string[], options: ExecOptions = {}): Promise<RunResult> {
    return execViaChannel(this.#connection, argv, options);
  }

  /**
   * The same result over one long-lived `sh` (see ssh-shell.ts for the framing): no channel
   * open, no sshd fork and login-shell start per command, so several times faster. Commands run
   * one at a time, with stdin from /dev/null; calls with stdin or a timeout go to an exec channel.
   *
   * Not exact in two respects, which is why exec() does not use it: a command killed by signal N
   * reads as exit code 128+N (a shell cannot tell the two apart; the exec channel reports the
   * signal), and the result comes back as soon as the command exits, without waiting for
   * background processes that still hold its stdout (an exec channel, like a local pipe, waits).
   * It also serialises commands that exec() would run side by side.
   */
  async execViaShell(argv: readonly string[], options: ExecOptions = {}): Promise<RunResult> {
    if (options.stdin !== undefined || options.timeoutMs !== undefined) return this.execViaChannel(argv, options);
    const command = quoteArgv(argv);
    if (argv.length === 0) throw new Error('exec: empty argv');
    const started = performance.now();
    return this.#shell.run(command, started);
  }

  async openPty(argv: readonly string[], options: PtyOptions = {}): Promise<PtyChannel> {
    const command = quoteArgv(argv);
    if (argv.length === 0) throw new Error('openPty: empty argv');
    // sshd accepts only AcceptEnv variables over the protocol; `env` works everywhere.
    const envPairs = Object.entries(options.env ?? {}).map(([k, v]) => `${k}=${v}`);
    const full = envPairs.length > 0 ? ['env', ...envPairs, ...argv] : argv;
    const pty = { term: 'xterm-256color', cols: options.cols ?? 80, rows: options.rows ?? 24 };
    const holder: { bridge?: PtyBridge } = {};
    const connection = this.#connection;
    await openChannel(connection, connection.wire(full), { pty }, command, 'while opening a terminal for', (ch) => {
      holder.bridge = new PtyBridge(ch);
    });
    const bridge = holder.bridge;
    if (bridge === undefined) throw new Error('openPty: no channel');
    const onLoss: LossHandler = () => {
      bridge.exit(null);
    };
    if (connection.watch(onLoss)) {
      bridge.channel.on('close', () => {
        connection.unwatch(onLoss);
      });
    }
    return bridge;
  }

  /** `cat -- PATH` over exec (see the file comment); rejects with the errno code when cat says it. */
  async readFile(path: string): Promise<string> {
    const r = await this.exec(['cat', '--', path]);
    if (r.exitCode === 0) return r.stdout;
    const msg = r.stderr.trim();
    const err: NodeJS.ErrnoException = new Error(
      `cannot read ${path} on ${this.#connection.hostPort}: ${msg !== '' ? msg : describeExit(r)}`,
    );
    if (/No such file or directory/.test(msg)) err.code = 'ENOENT';
    else if (/Permission denied/.test(msg)) err.code = 'EACCES';
    else if (/Is a directory/.test(msg)) err.code = 'EISDIR';
    err.path = path;
    throw err;
  }

  close(): Promise<void> {
    return this.#connection.close();
  }
}

function describeExit(r: RunResult): string {
  return r.signal !== null ? `killed by ${r.signal}` : `exit code ${String(r.exitCode)}`;
}
