/**
 * The ssh2 connection as the transport's operations share it: whether it is still up, whom to
 * tell when it goes (every pending operation then rejects with TargetLostError naming host:port,
 * the cause and the command), and the MaxSessions slots that bound how many channels are open.
 */
import type { Client } from 'ssh2';
import { quoteArgv } from '../../shell/quote.ts';
import type { SshEndpoint } from './endpoint.ts';
import { TargetLostError } from '../types.ts';

export type LossHandler = (reason: string) => void;

/** Settles a running command once, with its own outcome (`fn`); see SshConnection.settleOnce. */
export type Settle = (fn: () => void) => void;

/** OpenSSH's default MaxSessions: channels beyond it are refused, so exec() waits for a free one. */
const MAX_SESSIONS = 10;

export class SshConnection {
  readonly client: Client;
  readonly hostPort: string;
  readonly #endpoint: SshEndpoint;
  /** Why the connection is gone; null while it is up. */
  #downReason: string | null = null;
  #closedByUs = false;
  #lastError: (Error & { code?: string }) | null = null;
  readonly #onLoss = new Set<LossHandler>();
  #openChannels = 0;
  readonly #slotWaiters: (() => void)[] = [];

  constructor(endpoint: SshEndpoint, client: Client) {
    this.#endpoint = endpoint;
    this.client = client;
    this.hostPort = `${endpoint.host}:${endpoint.port}`;
    client.removeAllListeners('error');
    client.removeAllListeners('close');
    client.on('error', (err: Error & { code?: string }) => {
      this.#lastError ??= err;
    });
    client.on('close', () => {
      this.#markDown(this.#closedByUs ? 'closed by close()' : this.#lossCause());
    });
  }

  /** Why the connection is gone; null while it is up. */
  get downReason(): string | null {
    return this.#downReason;
  }

  /** Whether every command is wrapped in `sudo -n --` (the login user is not root). */
  get sudo(): boolean {
    return this.#endpoint.sudo === true;
  }

  /** The exact string sent to the target for argv. */
  wire(argv: readonly string[]): string {
    const cmd = quoteArgv(argv);
    return this.sudo ? `sudo -n -- ${cmd}` : cmd;
  }

  /** Registers a loss handler; when the connection is already down, calls it at once and says false. */
  watch(handler: LossHandler): boolean {
    if (this.#downReason !== null) {
      handler(this.#downReason);
      return false;
    }
    this.#onLoss.add(handler);
    return true;
  }

  unwatch(handler: LossHandler): void {
    this.#onLoss.delete(handler);
  }

  /**
   * For a command that is running: the function that settles it once, after `cleanup`; when the
   * connection goes first, it settles by rejecting with the loss. Null when the connection is
   * already down (`reject` has then been called).
   */
  settleOnce(command: string, reject: (err: Error) => void, cleanup: () => void): Settle | null {
    let settled = false;
    const settle: Settle = (fn) => {
      if (settled) return;
      settled = true;
      cleanup();
      this.#onLoss.delete(onLoss);
      fn();
    };
    const onLoss: LossHandler = (reason) => {
      settle(() => {
        reject(this.lostError(reason, command, 'while running'));
      });
    };
    return this.watch(onLoss) ? settle : null;
  }

  checkUp(command: string): void {
    if (this.#downReason !== null) throw this.lostError(this.#downReason, command, 'before running');
  }

  lostError(reason: string, command: string, when: string): Error {
    if (this.#closedByUs) return new Error(`ssh transport to ${this.hostPort} was closed (${when} \`${command}\`)`);
    return new TargetLostError(`connection to ${this.hostPort} lost: ${reason} ${when} \`${command}\``);
  }

  async close(): Promise<void> {
    if (this.#downReason !== null) return;
    this.#closedByUs = true;
    const closed = new Promise<void>((resolve) => {
      this.client.once('close', () => {
        resolve();
      });
      setTimeout(resolve, 2000).unref();
    });
    this.client.end();
    await closed;
    this.#markDown('closed by close()');
  }

  async acquireSlot(command: string, when: string): Promise<void> {
    for (;;) {
      if (this.#downReason !== null) throw this.lostError(this.#downReason, command, when);
      if (this.#openChannels < MAX_SESSIONS) break;
      await new Promise<void>((resolve) => this.#slotWaiters.push(resolve));
    }
    this.#openChannels++;
  }

  releaseSlot(): void {
    this.#openChannels--;
    this.#slotWaiters.shift()?.();
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
}
