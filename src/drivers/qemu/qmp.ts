/**
 * A minimal QMP client (QEMU Machine Protocol, JSON lines over a unix socket): capabilities
 * handshake, commands matched to replies by id, events to listeners, HMP commands through
 * human-monitor-command.
 */
import { connect, type Socket } from 'node:net';

export interface QmpEvent {
  readonly event: string;
  readonly data?: unknown;
}

export class QmpError extends Error {
  override readonly name = 'QmpError';
}

interface Pending {
  readonly command: string;
  readonly resolve: (value: unknown) => void;
  readonly reject: (err: Error) => void;
}

export class QmpClient {
  readonly #socket: Socket;
  readonly #pending = new Map<number, Pending>();
  readonly #listeners = new Set<(e: QmpEvent) => void>();
  #nextId = 1;
  #buffer = '';
  #closedReason: string | null = null;
  #greeted: () => void = () => undefined;

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.#buffer += chunk;
      for (let nl = this.#buffer.indexOf('\n'); nl >= 0; nl = this.#buffer.indexOf('\n')) {
        const line = this.#buffer.slice(0, nl).trim();
        this.#buffer = this.#buffer.slice(nl + 1);
        if (line !== '') this.#onMessage(line);
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.#fail('the QMP connection closed (qemu exited?)');
    });
  }

  /**
   * Connects to qemu's QMP socket, retrying until it accepts or `timeoutMs` passes; `alive` lets
   * the caller stop early when qemu has exited.
   */
  static async connect(path: string, timeoutMs = 10_000, alive: () => boolean = () => true): Promise<QmpClient> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const socket = await new Promise<Socket>((resolve, reject) => {
          const s = connect(path);
          s.once('connect', () => {
            s.removeAllListeners('error');
            resolve(s);
          });
          s.once('error', reject);
        });
        const client = new QmpClient(socket);
        await client.#handshake();
        return client;
      } catch (err) {
        if (!alive()) throw new QmpError(`qemu exited before its QMP socket ${path} answered`);
        if (Date.now() > deadline) throw new QmpError(`no QMP answer on ${path} within ${timeoutMs} ms: ${(err as Error).message}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  }

  async #handshake(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#greeted = resolve;
      this.#socket.once('close', () => {
        reject(new QmpError('QMP closed before its greeting'));
      });
    });
    await this.execute('qmp_capabilities');
  }

  execute<T = unknown>(command: string, args?: Record<string, unknown>): Promise<T> {
    if (this.#closedReason !== null) return Promise.reject(new QmpError(`QMP ${command}: ${this.#closedReason}`));
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { command, resolve: resolve as (v: unknown) => void, reject });
      this.#socket.write(`${JSON.stringify({ execute: command, ...(args ? { arguments: args } : {}), id })}\n`);
    });
  }

  /** An HMP (human monitor) command such as `savevm start`; resolves with its text output. */
  async hmp(commandLine: string): Promise<string> {
    return this.execute<string>('human-monitor-command', { 'command-line': commandLine });
  }

  onEvent(listener: (e: QmpEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  close(): void {
    this.#fail('closed by close()');
    this.#socket.destroy();
  }

  /** Lets Node exit while the connection is open (a VM left running). */
  unref(): void {
    this.#socket.unref();
  }

  #onMessage(line: string): void {
    let msg: { QMP?: unknown; return?: unknown; error?: { class?: string; desc?: string }; event?: string; data?: unknown; id?: number };
    try {
      msg = JSON.parse(line) as typeof msg;
    } catch {
      return;
    }
    if (msg.QMP !== undefined) {
      this.#greeted();
      return;
    }
    if (typeof msg.event === 'string') {
      for (const l of this.#listeners) l({ event: msg.event, data: msg.data });
      return;
    }
    if (typeof msg.id !== 'number') return;
    const p = this.#pending.get(msg.id);
    if (p === undefined) return;
    this.#pending.delete(msg.id);
    if (msg.error !== undefined) p.reject(new QmpError(`QMP ${p.command}: ${msg.error.desc ?? msg.error.class ?? 'error'}`));
    else p.resolve(msg.return);
  }

  #fail(reason: string): void {
    if (this.#closedReason !== null) return;
    this.#closedReason = reason;
    for (const p of this.#pending.values()) p.reject(new QmpError(`QMP ${p.command}: ${reason}`));
    this.#pending.clear();
  }
}
