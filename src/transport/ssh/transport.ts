/**
 * The ssh transport: one persistent ssh2 connection to a target, over which every command runs.
 *
 * - exec(): one exec channel per command (`sudo -n -- ` in front when the login user is not root).
 *   It is exact in every respect: stdout and stderr apart, the exit code or the signal as sshd
 *   reports them, done only when every writer of the output has finished (as with a local pipe),
 *   and commands run side by side. Channels beyond OpenSSH's MaxSessions (10) wait their turn.
 * - A long-lived `sh` over one channel is about 5x faster on loopback (≈0.5 ms against ≈2.7 ms
 *   per command), but a signal death reads as exit code 128+N, background writers are not waited
 *   for, and commands are serialised; so exec() does not use it. That engine lives in
 *   bench/ssh-shell/, built on `connection`, where the bench compares the two.
 * - openPty(): an exec channel with a pseudo-terminal (TERM=xterm-256color); close() hangs up.
 * - readFile(): through one long-lived bash that reads each file with its `read` builtin
 *   (file-reader.ts), with the same privileges (sudo) as every other command; `cat -- PATH` over
 *   exec when that reader cannot (a file it cannot open, a NUL in the file, a newline in the
 *   path, the reader failed), so errors are cat's own.
 *   Not sftp: the lab images may lack sftp-server.
 * - When the connection drops (or keepalives go unanswered for ~30 s) every pending and later
 *   operation rejects with TargetLostError naming host:port, the cause and the command.
 */
import type { Client } from 'ssh2';
import { describeStatus, type CommandResult } from '../../command/result.ts';
import { quoteArgv } from '../../shell/quote.ts';
import type { ExecOptions, PtyChannel, PtyOptions, Transport } from '../types.ts';
import { SshConnection } from './connection.ts';
import type { LossHandler } from './connection.ts';
import type { SshEndpoint } from './endpoint.ts';
import { execViaChannel } from './exec-channel.ts';
import { openChannel } from './open-channel.ts';
import { PtyBridge } from './pty.ts';
import { SshFileReader } from './file-reader.ts';
import { TargetLostError } from '../types.ts';

export class SshTransport implements Transport {
  readonly description: string;
  readonly #connection: SshConnection;
  readonly #reader: SshFileReader;

  /** Use connectSsh(). */
  constructor(endpoint: SshEndpoint, client: Client) {
    this.#connection = new SshConnection(endpoint, client);
    this.#reader = new SshFileReader(this.#connection);
    this.description = `ssh ${endpoint.username}@${this.#connection.hostPort}`;
  }

  /** true once the connection has closed or errored */
  get lost(): boolean {
    return this.#connection.downReason !== null;
  }

  /** The ssh2 connection every operation shares; for engines built beside exec (bench/ssh-shell/). */
  get connection(): SshConnection {
    return this.#connection;
  }

  /** One exec channel per command (exec-channel.ts): exact, concurrent, supports stdin and timeouts. */
  exec(argv: readonly string[], options: ExecOptions = {}): Promise<CommandResult> {
    return execViaChannel(this.#connection, argv, options);
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

  /** Through the file reader, else `cat` (see the file comment); rejects with the errno code (ENOENT, EACCES, EISDIR). */
  async readFile(path: string): Promise<string> {
    if (!path.includes('\n')) {
      const reply = await this.#reader.read(path).catch((e: unknown) => {
        if (e instanceof TargetLostError) throw e;
        return undefined;
      });
      if (reply?.kind === 'file') return reply.text;
    }
    return this.#readWithCat(path);
  }

  async #readWithCat(path: string): Promise<string> {
    const r = await this.exec(['cat', '--', path]);
    if (r.exitCode === 0) return r.stdout;
    const msg = r.stderr.trim();
    const err: NodeJS.ErrnoException = new Error(
      `cannot read ${path} on ${this.#connection.hostPort}: ${msg !== '' ? msg : describeStatus(r)}`,
    );
    if (/No such file or directory/.test(msg)) err.code = 'ENOENT';
    else if (/Permission denied/.test(msg)) err.code = 'EACCES';
    else if (/Is a directory/.test(msg)) err.code = 'EISDIR';
    err.path = path;
    throw err;
  }

  close(): Promise<void> {
    this.#reader.close();
    return this.#connection.close();
  }
}
