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
import ssh2 from 'ssh2';
import type {
  Client,
  ClientChannel,
  ConnectConfig,
  ExecOptions as ExecChannelOptions,
  ServerHostKeyAlgorithm,
} from 'ssh2';
import { readFile } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import type { RunResult } from '../result.ts';
import { quoteArgv } from '../shell/quote.ts';
import { TargetLostError } from './types.ts';
import type { ExecOptions, PtyChannel, PtyOptions, Transport } from './types.ts';
import {
  checkKnownHosts,
  hostKeyAlgorithmsFor,
  listedKeyTypes,
  normalizeFingerprint,
  parseKnownHosts,
  sha256Fingerprint,
  keyTypeOf,
} from './ssh-known-hosts.ts';
import type { KnownHostsEntry } from './ssh-known-hosts.ts';
import { frameCommand, MarkerScanner } from './ssh-shell.ts';

const { Client: SshClient, utils: sshUtils } = ssh2;

export type HostKeyPolicy =
  /** "SHA256:base64", as `ssh-keygen -lf` prints it (the trailing '=' and the prefix are optional). */
  | { readonly pinnedSha256: string }
  /** Strict: the host must be listed (as `host`, or `[host]:port` off port 22) with this very key. */
  | { readonly knownHostsFile: string };

export interface SshEndpoint {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly privateKey: string | Buffer;
  readonly hostKey: HostKeyPolicy;
  /** wrap every command in `sudo -n --` (the login user is not root) */
  readonly sudo?: boolean;
  /** How to name the key in messages, e.g. its path. */
  readonly privateKeyName?: string;
}

export interface ConnectOptions {
  /** How long the TCP connect plus SSH handshake may take (default 20 s). */
  readonly readyTimeoutMs?: number;
  /** keep retrying refused/reset connections until this deadline (a VM still booting) */
  readonly retryForMs?: number;
  readonly onProgress?: (line: string) => void;
  /**
   * SSH keepalive period (default 5000 ms); the connection counts as lost after keepaliveCountMax
   * (default 6) unanswered. A VM that dies closes the socket and is noticed at once; keepalives
   * only catch a hung machine, and a TCG guest on a loaded 2-core host can stall for seconds.
   */
  readonly keepaliveIntervalMs?: number;
  /** default 3: a dead machine is noticed within about interval × (count + 1). */
  readonly keepaliveCountMax?: number;
}

export type SshConnectFailure =
  | 'refused'
  | 'reset'
  | 'timeout'
  | 'unreachable'
  | 'dns'
  | 'host-key'
  | 'auth'
  | 'key'
  | 'other';

/** connectSsh's failure: `kind` lets a target add its own fix (e.g. "start the VM with …"). */
export class SshConnectError extends Error {
  override readonly name = 'SshConnectError';
  constructor(
    message: string,
    readonly kind: SshConnectFailure,
    /** Whether retrying later may help (the machine may still be booting). */
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** OpenSSH's default MaxSessions: channels beyond it are refused, so exec() waits for a free one. */
const MAX_SESSIONS = 10;

export async function connectSsh(endpoint: SshEndpoint, options: ConnectOptions = {}): Promise<SshTransport> {
  const hostPort = `${endpoint.host}:${endpoint.port}`;
  const retryFor = options.retryForMs ?? 0;
  const deadline = Date.now() + retryFor;
  for (let attempt = 1; ; attempt++) {
    try {
      // Read on every attempt: a VM target may write the file once the machine is up.
      const knownHosts = 'knownHostsFile' in endpoint.hostKey ? await loadKnownHosts(endpoint.hostKey.knownHostsFile) : null;
      const t = await connectOnce(endpoint, options, knownHosts);
      if (attempt > 1) options.onProgress?.(`ssh: connected to ${hostPort} after ${attempt} attempts`);
      return t;
    } catch (err) {
      if (!(err instanceof SshConnectError) || !err.retryable) throw err;
      const wait = Math.min(250 * 2 ** Math.min(attempt - 1, 3), 2000);
      if (Date.now() + wait > deadline) {
        if (retryFor > 0) {
          throw new SshConnectError(
            `${err.message} (gave up after ${attempt} attempts over ${Math.round(retryFor / 1000)} s)`,
            err.kind,
            err.retryable,
          );
        }
        throw err;
      }
      options.onProgress?.(`ssh: ${hostPort} not ready yet (${err.kind}), retrying in ${wait} ms`);
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

async function loadKnownHosts(file: string): Promise<KnownHostsEntry[] | null> {
  try {
    return parseKnownHosts(await readFile(file, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new SshConnectError(`cannot read known_hosts file ${file}: ${(err as Error).message}`, 'host-key', false);
  }
}

function describeKey(endpoint: SshEndpoint): string {
  let fp = '';
  try {
    const parsed = sshUtils.parseKey(endpoint.privateKey);
    if (!(parsed instanceof Error)) fp = sha256Fingerprint(parsed.getPublicSSH());
  } catch {
    // an unreadable key is reported by connect itself
  }
  const name = endpoint.privateKeyName ?? 'the given private key';
  return fp === '' ? name : `${name} (${fp})`;
}

function connectOnce(
  endpoint: SshEndpoint,
  options: ConnectOptions,
  knownHosts: KnownHostsEntry[] | null,
): Promise<SshTransport> {
  const hostPort = `${endpoint.host}:${endpoint.port}`;
  const readyTimeout = options.readyTimeoutMs ?? 20_000;
  return new Promise((resolve, reject) => {
    const client = new SshClient();
    let hostKeyProblem: string | null = null;
    let settled = false;
    const fail = (err: SshConnectError): void => {
      if (settled) return;
      settled = true;
      client.removeAllListeners('ready');
      client.on('error', () => undefined); // a late socket error must not crash the process
      client.end();
      reject(err);
    };

    const verify = (key: Buffer): boolean => {
      const policy = endpoint.hostKey;
      if ('pinnedSha256' in policy) {
        const expected = normalizeFingerprint(policy.pinnedSha256);
        const got = sha256Fingerprint(key);
        if (got === expected) return true;
        hostKeyProblem =
          `host key mismatch for ${hostPort}: expected ${expected}, got ${got} (${keyTypeOf(key)}). ` +
          `If the machine was re-created on purpose, pin the new fingerprint.`;
        return false;
      }
      const verdict = checkKnownHosts(knownHosts, policy.knownHostsFile, endpoint.host, endpoint.port, key);
      if (verdict.ok) return true;
      hostKeyProblem = verdict.message;
      return false;
    };

    const config: ConnectConfig = {
      host: endpoint.host,
      port: endpoint.port,
      username: endpoint.username,
      privateKey: endpoint.privateKey,
      readyTimeout,
      keepaliveInterval: options.keepaliveIntervalMs ?? 5000,
      keepaliveCountMax: options.keepaliveCountMax ?? 6,
      hostVerifier: verify,
    };
    if (knownHosts !== null) {
      // Ask for a key type the file lists, as OpenSSH does, rather than whichever ssh2 prefers.
      const algos = hostKeyAlgorithmsFor(listedKeyTypes(knownHosts, endpoint.host, endpoint.port));
      if (algos.length > 0) config.algorithms = { serverHostKey: algos as ServerHostKeyAlgorithm[] };
    }

    client.on('ready', () => {
      if (settled) return;
      settled = true;
      client.setNoDelay(true);
      resolve(new SshTransport(endpoint, client));
    });
    client.on('error', (err: Error & { level?: string; code?: string }) => {
      fail(classifyConnectError(err, endpoint, hostPort, readyTimeout, hostKeyProblem));
    });
    client.on('close', () => {
      fail(
        new SshConnectError(
          `${hostPort} closed the connection during the SSH handshake — sshd may still be starting`,
          'reset',
          true,
        ),
      );
    });
    try {
      client.connect(config);
    } catch (err) {
      fail(
        new SshConnectError(
          `cannot use ${endpoint.privateKeyName ?? 'the private key'} for ${hostPort}: ${(err as Error).message}`,
          'key',
          false,
        ),
      );
    }
  });
}

function classifyConnectError(
  err: Error & { level?: string; code?: string },
  endpoint: SshEndpoint,
  hostPort: string,
  readyTimeout: number,
  hostKeyProblem: string | null,
): SshConnectError {
  if (hostKeyProblem !== null) return new SshConnectError(hostKeyProblem, 'host-key', false);
  const code = err.code ?? '';
  switch (code) {
    case 'ECONNREFUSED':
      return new SshConnectError(
        `no sshd answering on ${hostPort} (ECONNREFUSED) — is the machine running, ` +
          `and sshd listening on port ${endpoint.port}?`,
        'refused',
        true,
      );
    case 'ECONNRESET':
    case 'EPIPE':
      return new SshConnectError(
        `${hostPort} accepted the connection but reset it before the SSH handshake (${code}) — sshd may still be starting`,
        'reset',
        true,
      );
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
      return new SshConnectError(
        `cannot reach ${hostPort} (${code}) — is the machine up and the address right?`,
        'unreachable',
        true,
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new SshConnectError(`cannot resolve the host name ${endpoint.host} (${code})`, 'dns', false);
  }
  if (err.level === 'client-authentication') {
    return new SshConnectError(
      `authentication failed for user ${endpoint.username} on ${hostPort} with key ${describeKey(endpoint)} — ` +
        `is its public key in ~${endpoint.username}/.ssh/authorized_keys on the target?`,
      'auth',
      false,
    );
  }
  if (err.level === 'client-timeout' || /Timed out while waiting for handshake/.test(err.message)) {
    return new SshConnectError(
      `no SSH handshake from ${hostPort} within ${readyTimeout} ms — the port answers but sshd does not (still booting?)`,
      'timeout',
      true,
    );
  }
  if (/Connection lost before handshake/.test(err.message)) {
    return new SshConnectError(
      `${hostPort} closed the connection before the SSH handshake — sshd may still be starting`,
      'reset',
      true,
    );
  }
  return new SshConnectError(`ssh connection to ${hostPort} failed: ${err.message}`, 'other', false);
}

type LossHandler = (reason: string) => void;

interface ShellState {
  readonly channel: ClientChannel;
  stdoutLeftover: Buffer;
  stderrLeftover: Buffer;
  /** The command in flight: called with each stream's bytes and with the channel's end. */
  onStdout: ((b: Buffer) => void) | null;
  onStderr: ((b: Buffer) => void) | null;
  onEnd: ((why: string) => void) | null;
  dead: boolean;
}

export class SshTransport implements Transport {
  readonly description: string;
  readonly #endpoint: SshEndpoint;
  readonly #client: Client;
  readonly #hostPort: string;
  /** Why the connection is gone; null while it is up. */
  #downReason: string | null = null;
  #closedByUs = false;
  #lastError: (Error & { code?: string }) | null = null;
  readonly #onLoss = new Set<LossHandler>();
  #openChannels = 0;
  readonly #slotWaiters: (() => void)[] = [];
  #shell: Promise<ShellState> | null = null;
  /** execViaShell runs one command at a time: each waits for the previous one. */
  #shellQueue: Promise<unknown> = Promise.resolve();

  /** Use connectSsh(). */
  constructor(endpoint: SshEndpoint, client: Client) {
    this.#endpoint = endpoint;
    this.#client = client;
    this.#hostPort = `${endpoint.host}:${endpoint.port}`;
    this.description = `ssh ${endpoint.username}@${this.#hostPort}`;
    client.removeAllListeners('error');
    client.removeAllListeners('close');
    client.on('error', (err: Error & { code?: string }) => {
      this.#lastError ??= err;
    });
    client.on('close', () => {
      this.#markDown(this.#closedByUs ? 'closed by close()' : this.#lossCause());
    });
  }

  /** true once the connection has closed or errored */
  get lost(): boolean {
    return this.#downReason !== null;
  }

  /** Runs argv over its own exec channel (execViaChannel); see the file comment for why. */
  exec(argv: readonly string[], options: ExecOptions = {}): Promise<RunResult> {
    return this.execViaChannel(argv, options);
  }

  /** One exec channel for this command: exact, concurrent, supports stdin and timeouts. */
  async execViaChannel(argv: readonly string[], options: ExecOptions = {}): Promise<RunResult> {
    const command = quoteArgv(argv);
    if (argv.length === 0) throw new Error('exec: empty argv');
    const started = performance.now();
    const timeoutMs = options.timeoutMs;
    // With a timeout, the login shell first tells us its pid on stderr: sshd made it a session
    // leader, so that is the command's process group, which we can then kill even behind sudo.
    const wire = timeoutMs === undefined ? this.#wire(argv) : `echo $$ >&2; exec ${this.#wire(argv)}`;
    const output = new ChannelOutput(timeoutMs !== undefined);
    const channel = await this.#openChannel(wire, undefined, command, 'while running', (ch) => {
      output.attach(ch);
    });
    return new Promise<RunResult>((resolve, reject) => {
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      let graceTimer: NodeJS.Timeout | undefined;
      let timedOut = false;
      const settle = (fn: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        clearTimeout(graceTimer);
        this.#onLoss.delete(onLoss);
        fn();
      };
      const onLoss: LossHandler = (reason) => {
        settle(() => {
          reject(this.#lostError(reason, command, 'while running'));
        });
      };
      if (!this.#watch(onLoss)) return;
      void output.closed.then(() => {
        settle(() => {
          const exitCode = timedOut ? null : output.exitCode;
          const signal = timedOut ? 'SIGKILL' : output.signal;
          resolve({
            command,
            exitCode,
            signal,
            stdout: Buffer.concat(output.stdout).toString('utf8'),
            stderr: Buffer.concat(output.stderr).toString('utf8'),
            durationMs: performance.now() - started,
            failed: timedOut || signal !== null || exitCode !== 0,
            timedOut,
          });
        });
      });
      if (options.stdin !== undefined) channel.end(options.stdin);
      else channel.end();
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => {
          timedOut = true;
          // sshd (OpenSSH >= 7.9) kills the session's process group as the login user...
          channel.signal('KILL');
          // ...which cannot reach root processes behind sudo: kill the group from a second channel.
          if (output.pid !== null) this.#killGroup(output.pid);
          channel.close();
          // Resolve even if sshd never confirms the close.
          graceTimer = setTimeout(() => {
            output.markClosed();
          }, 2000);
        }, timeoutMs);
      }
    });
  }

  /** Best effort: SIGKILL a timed-out command's process group (as root through sudo if need be). */
  #killGroup(pgid: number): void {
    const argv = ['kill', '-KILL', '--', `-${pgid}`];
    this.#openChannel(this.#wire(argv), undefined, quoteArgv(argv), 'while running', (ch) => {
      ch.on('data', () => undefined);
      ch.stderr.on('data', () => undefined);
    }).then(
      (ch) => {
        ch.end();
      },
      () => undefined,
    );
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
    this.#checkUp(command);
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
      let settled = false;
      const settle = (fn: () => void): void => {
        if (settled) return;
        settled = true;
        shell.onStdout = shell.onStderr = shell.onEnd = null;
        this.#onLoss.delete(onLoss);
        fn();
      };
      const onLoss: LossHandler = (reason) => {
        settle(() => {
          reject(this.#lostError(reason, command, 'while running'));
        });
      };
      if (!this.#watch(onLoss)) return;
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
              `ssh ${this.#hostPort}: the shell channel ended (${why}) while running \`${command}\`; its result is unknown`,
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
    const opening = this.#openShell(command);
    this.#shell = opening;
    return opening;
  }

  async #openShell(command: string): Promise<ShellState> {
    const wire = this.#endpoint.sudo === true ? 'exec sudo -n -- sh' : 'exec sh';
    let state: ShellState | null = null;
    const early: { out: Buffer[]; err: Buffer[]; note: string; closed: boolean } = {
      out: [],
      err: [],
      note: 'sh ended',
      closed: false,
    };
    // Listeners go on at once: a shell that fails to start (sudo refusing) may exit in the same packet.
    const channel = await this.#openChannel(wire, undefined, command, 'while starting a shell for', (ch) => {
      ch.on('data', (b: Buffer) => {
        if (state === null) early.out.push(b);
        else if (state.onStdout) state.onStdout(b);
        else state.stdoutLeftover = Buffer.concat([state.stdoutLeftover, b]);
      });
      ch.stderr.on('data', (b: Buffer) => {
        if (state === null) early.err.push(b);
        else if (state.onStderr) state.onStderr(b);
        else state.stderrLeftover = Buffer.concat([state.stderrLeftover, b]);
      });
      ch.on('exit', (code: number | null, sig?: string) => {
        early.note = code !== null ? `sh exited with ${code}` : `sh killed by ${sig ?? '?'}`;
      });
      ch.on('close', () => {
        early.closed = true;
        if (state === null) return;
        state.dead = true;
        const tail = state.stderrLeftover.toString('utf8').trim();
        state.onEnd?.(early.note + (tail !== '' ? `: ${tail}` : ''));
      });
    });
    state = {
      channel,
      stdoutLeftover: Buffer.concat(early.out),
      stderrLeftover: Buffer.concat(early.err),
      onStdout: null,
      onStderr: null,
      onEnd: null,
      dead: early.closed,
    };
    return state;
  }

  async openPty(argv: readonly string[], options: PtyOptions = {}): Promise<PtyChannel> {
    const command = quoteArgv(argv);
    if (argv.length === 0) throw new Error('openPty: empty argv');
    // sshd accepts only AcceptEnv variables over the protocol; `env` works everywhere.
    const envPairs = Object.entries(options.env ?? {}).map(([k, v]) => `${k}=${v}`);
    const full = envPairs.length > 0 ? ['env', ...envPairs, ...argv] : argv;
    const pty = { term: 'xterm-256color', cols: options.cols ?? 80, rows: options.rows ?? 24 };
    const holder: { bridge?: PtyBridge } = {};
    await this.#openChannel(this.#wire(full), { pty }, command, 'while opening a terminal for', (ch) => {
      holder.bridge = new PtyBridge(ch);
    });
    const bridge = holder.bridge;
    if (bridge === undefined) throw new Error('openPty: no channel');
    const onLoss: LossHandler = () => {
      bridge.exit(null);
    };
    if (this.#watch(onLoss)) {
      bridge.channel.on('close', () => {
        this.#onLoss.delete(onLoss);
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
      `cannot read ${path} on ${this.#hostPort}: ${msg !== '' ? msg : describeExit(r)}`,
    );
    if (/No such file or directory/.test(msg)) err.code = 'ENOENT';
    else if (/Permission denied/.test(msg)) err.code = 'EACCES';
    else if (/Is a directory/.test(msg)) err.code = 'EISDIR';
    err.path = path;
    throw err;
  }

  async close(): Promise<void> {
    if (this.#downReason !== null) return;
    this.#closedByUs = true;
    const closed = new Promise<void>((resolve) => {
      this.#client.once('close', () => {
        resolve();
      });
      setTimeout(resolve, 2000).unref();
    });
    this.#client.end();
    await closed;
    this.#markDown('closed by close()');
  }

  /**
   * Opens a session channel running `wire`, within OpenSSH's MaxSessions: waits for a free slot,
   * and retries while sshd still refuses ("open failed") because it has not yet let go of
   * channels we already saw close. The slot is given back when the channel closes.
   */
  async #openChannel(
    wire: string,
    options: ExecChannelOptions | undefined,
    command: string,
    when: string,
    attach: (channel: ClientChannel) => void,
  ): Promise<ClientChannel> {
    for (let attempt = 1; ; attempt++) {
      await this.#acquireSlot(command, when);
      try {
        return await this.#openChannelOnce(wire, options, command, when, (channel) => {
          channel.once('close', () => {
            this.#releaseSlot();
          });
          attach(channel);
        });
      } catch (err) {
        this.#releaseSlot();
        // OpenSSH answers "open failed" (reason CONNECT_FAILED) when its session table is full.
        const refused = (err as { sessionsFull?: boolean }).sessionsFull === true;
        if (!refused || attempt >= 200) throw err;
        await new Promise((r) => setTimeout(r, Math.min(2 * attempt, 50)));
      }
    }
  }

  /**
   * `attach` runs inside ssh2's callback, before anything else: ssh2 parses every packet of a
   * socket read in one go, so a quick command's exit status and close can be emitted before a
   * listener added after an await would exist.
   */
  #openChannelOnce(
    wire: string,
    options: ExecChannelOptions | undefined,
    command: string,
    when: string,
    attach: (channel: ClientChannel) => void,
  ): Promise<ClientChannel> {
    return new Promise<ClientChannel>((resolve, reject) => {
      let settled = false;
      const onLoss: LossHandler = (reason) => {
        settled = true;
        reject(this.#lostError(reason, command, when));
      };
      if (!this.#watch(onLoss)) return;
      const callback = (err: (Error & { reason?: unknown }) | undefined, channel: ClientChannel): void => {
        this.#onLoss.delete(onLoss);
        if (settled) {
          if (!err) channel.close();
          return;
        }
        settled = true;
        if (!err) {
          attach(channel);
          resolve(channel);
          return;
        }
        if (this.#downReason !== null) {
          reject(this.#lostError(this.#downReason, command, when));
          return;
        }
        const e = new Error(`ssh ${this.#hostPort}: cannot open a channel for \`${command}\`: ${err.message}`);
        reject(Object.assign(e, { sessionsFull: /: open failed$/.test(err.message) }));
      };
      try {
        if (options === undefined) this.#client.exec(wire, callback);
        else this.#client.exec(wire, options, callback);
      } catch (err) {
        // ssh2 throws at once when the socket is already gone.
        queueMicrotask(() => {
          callback(err instanceof Error ? err : new Error(String(err)), undefined as unknown as ClientChannel);
        });
      }
    });
  }

  /** The exact string sent to the target for argv. */
  #wire(argv: readonly string[]): string {
    const cmd = quoteArgv(argv);
    return this.#endpoint.sudo === true ? `sudo -n -- ${cmd}` : cmd;
  }

  /** Registers a loss handler; when the connection is already down, calls it at once and says false. */
  #watch(handler: LossHandler): boolean {
    if (this.#downReason !== null) {
      handler(this.#downReason);
      return false;
    }
    this.#onLoss.add(handler);
    return true;
  }

  #checkUp(command: string): void {
    if (this.#downReason !== null) throw this.#lostError(this.#downReason, command, 'before running');
  }

  #lostError(reason: string, command: string, when: string): Error {
    if (this.#closedByUs) return new Error(`ssh transport to ${this.#hostPort} was closed (${when} \`${command}\`)`);
    return new TargetLostError(`connection to ${this.#hostPort} lost: ${reason} ${when} \`${command}\``);
  }

  #lossCause(): string {
    const e = this.#lastError;
    if (e === null) return 'the server closed the connection';
    if (e.code !== undefined && e.code !== '') return e.code;
    if (/Keepalive timeout/.test(e.message)) {
      return 'no answer to SSH keepalives (machine hung, crashed or unreachable)';
    }
    return e.message;
  }

  #markDown(reason: string): void {
    if (this.#downReason !== null) return;
    this.#downReason = reason;
    const handlers = [...this.#onLoss];
    this.#onLoss.clear();
    for (const h of handlers) h(reason);
    for (const w of this.#slotWaiters.splice(0)) w();
  }

  async #acquireSlot(command: string, when: string): Promise<void> {
    for (;;) {
      if (this.#downReason !== null) throw this.#lostError(this.#downReason, command, when);
      if (this.#openChannels < MAX_SESSIONS) break;
      await new Promise<void>((resolve) => this.#slotWaiters.push(resolve));
    }
    this.#openChannels++;
  }

  #releaseSlot(): void {
    this.#openChannels--;
    this.#slotWaiters.shift()?.();
  }
}

function describeExit(r: RunResult): string {
  return r.signal !== null ? `killed by ${r.signal}` : `exit code ${String(r.exitCode)}`;
}

/** What an exec channel produced; `closed` resolves when the channel has closed. */
class ChannelOutput {
  readonly stdout: Buffer[] = [];
  readonly stderr: Buffer[] = [];
  exitCode: number | null = null;
  signal: string | null = null;
  /** The login shell's pid, when the command was asked to print it first on stderr. */
  pid: number | null = null;
  #pidLine: Buffer | null;
  readonly closed: Promise<void>;
  #markClosed: () => void = () => undefined;

  constructor(expectPidLine: boolean) {
    this.#pidLine = expectPidLine ? Buffer.alloc(0) : null;
    this.closed = new Promise<void>((resolve) => {
      this.#markClosed = resolve;
    });
  }

  markClosed(): void {
    this.#markClosed();
  }

  attach(channel: ClientChannel): void {
    channel.on('data', (b: Buffer) => this.stdout.push(b));
    channel.stderr.on('data', (b: Buffer) => {
      if (this.#pidLine === null) {
        this.stderr.push(b);
        return;
      }
      const line = Buffer.concat([this.#pidLine, b]);
      const nl = line.indexOf(0x0a);
      if (nl < 0) {
        this.#pidLine = line;
        return;
      }
      const n = Number(line.subarray(0, nl).toString('latin1').trim());
      if (Number.isInteger(n) && n > 1) this.pid = n;
      if (line.length > nl + 1) this.stderr.push(line.subarray(nl + 1));
      this.#pidLine = null;
    });
    channel.on('exit', (code: number | null, sig?: string) => {
      if (typeof code === 'number') this.exitCode = code;
      else if (typeof sig === 'string') this.signal = sig.startsWith('SIG') ? sig : `SIG${sig}`;
    });
    channel.on('close', () => {
      this.#markClosed();
    });
  }
}

/** A PtyChannel over an ssh2 channel; output and exit that come before a listener are kept for it. */
class PtyBridge implements PtyChannel {
  readonly channel: ClientChannel;
  readonly #decoder = new StringDecoder('utf8');
  readonly #dataListeners: ((chunk: string) => void)[] = [];
  readonly #exitListeners: ((exitCode: number | null) => void)[] = [];
  #early: string[] = [];
  #exited = false;
  #exitValue: number | null = null;
  exitCode: number | null = null;

  constructor(channel: ClientChannel) {
    this.channel = channel;
    const onChunk = (b: Buffer): void => {
      this.#emit(this.#decoder.write(b));
    };
    channel.on('data', onChunk);
    channel.stderr.on('data', onChunk);
    channel.on('exit', (code: number | null) => {
      this.exitCode = typeof code === 'number' ? code : null;
    });
    channel.on('close', () => {
      this.exit(this.exitCode);
    });
  }

  #emit(text: string): void {
    if (text === '') return;
    if (this.#dataListeners.length === 0) this.#early.push(text);
    else for (const l of this.#dataListeners) l(text);
  }

  exit(code: number | null): void {
    if (this.#exited) return;
    this.#emit(this.#decoder.end());
    this.#exited = true;
    this.#exitValue = code;
    for (const l of this.#exitListeners) l(code);
  }

  write(data: string): void {
    if (!this.#exited && this.channel.writable) this.channel.write(data);
  }

  onData(listener: (chunk: string) => void): void {
    this.#dataListeners.push(listener);
    if (this.#early.length > 0) {
      const early = this.#early;
      this.#early = [];
      for (const t of early) listener(t);
    }
  }

  onExit(listener: (exitCode: number | null) => void): void {
    this.#exitListeners.push(listener);
    if (this.#exited) listener(this.#exitValue);
  }

  close(): void {
    if (this.#exited) return;
    // Hang up. Closing the channel alone does not reliably deliver SIGHUP (sshd's monitor may
    // still hold the pty master), so ask sshd to send it to the session's process group first.
    this.channel.signal('HUP');
    this.channel.end();
    this.channel.close();
  }
}
