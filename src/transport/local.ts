import { readFile } from 'node:fs/promises';
import { execa } from 'execa';
import * as pty from 'node-pty';
import type { CommandResult } from '../command/result.ts';
import { quoteArgv } from '../shell/quote.ts';
import { OutputCap } from '../command/output-cap.ts';
import { execOutputCap, type ExecOptions, type PtyChannel, type PtyOptions, type Transport } from './types.ts';

/** Commands run as child processes of this Node process, on this host. */
export class LocalTransport implements Transport {
  readonly description = 'local';
  #closed = false;
  /** Process groups of the commands running now. */
  readonly #running = new Set<number>();

  async exec(argv: readonly string[], options: ExecOptions = {}): Promise<CommandResult> {
    this.#checkOpen();
    const [file, ...args] = argv;
    const command = quoteArgv(argv);
    if (file === undefined) throw new Error('exec: empty argv');
    const started = performance.now();
    const cap = execOutputCap(options);
    // A process group of its own (detached: setsid), so a timeout or an interrupt ends the whole
    // tree: strace, nsenter and the command (even in the sandbox's PID namespace, a process keeps
    // its group), and no child keeps the output open. Killing only the child left them running.
    const child = execa(file, args, {
      reject: false,
      detached: true,
      // Output exactly as the command wrote it (no final newline stripped), as over ssh.
      stripFinalNewline: false,
      encoding: 'utf8',
      // The output cap: execa's maxBuffer would kill the command; this reads on and drops the rest.
      stdout: cappedStream(cap),
      stderr: cappedStream(cap),
      maxBuffer: cap + 4096,
      // No stdin option: the command reads end-of-file at once, as over ssh.
      ...(options.stdin !== undefined ? { input: options.stdin } : { stdin: 'ignore' as const }),
    });
    // execa types pid as a number, but Node leaves it undefined when the program did not start (ENOENT)
    const group: number | undefined = Number.isInteger(child.pid) ? child.pid : undefined;
    const limit = { reached: false };
    const timer = options.timeoutMs === undefined || group === undefined ? undefined : setTimeout(() => {
      limit.reached = true;
      killGroup(group);
    }, options.timeoutMs);
    if (group !== undefined) this.#running.add(group);
    const r = await child;
    clearTimeout(timer);
    if (group !== undefined) this.#running.delete(group);
    const timedOut = limit.reached;
    const signal = timedOut ? 'SIGKILL' : (r.signal ?? null);
    const exitCode = signal === null ? (r.exitCode ?? null) : null;
    // A command that never started (ENOENT, EACCES): say why where a person looks, on stderr.
    const neverStarted = exitCode === null && signal === null;
    const stderr = neverStarted && r.stderr === '' ? `${r.originalMessage ?? r.shortMessage}\n` : r.stderr;
    return {
      command,
      exitCode,
      signal,
      stdout: r.stdout,
      stderr,
      durationMs: r.durationMs > 0 ? r.durationMs : performance.now() - started,
      failed: timedOut || signal !== null || exitCode !== 0,
      timedOut,
    };
  }

  /** Ends every command still running (its whole process group): for an interrupt. */
  killRunning(): number {
    const groups = [...this.#running];
    for (const g of groups) killGroup(g);
    return groups.length;
  }

  openPty(argv: readonly string[], options: PtyOptions = {}): Promise<PtyChannel> {
    try {
      return Promise.resolve(this.#spawnPty(argv, options));
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  #spawnPty(argv: readonly string[], options: PtyOptions): PtyChannel {
    this.#checkOpen();
    const [file, ...args] = argv;
    if (file === undefined) throw new Error('openPty: empty argv');
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
    Object.assign(env, options.env ?? {});
    const proc = pty.spawn(file, args, {
      name: 'xterm-256color',
      cols: options.cols ?? 80,
      rows: options.rows ?? 24,
      env,
    });
    let exited = false;
    proc.onExit(() => {
      exited = true;
    });
    return {
      write: (data: string) => {
        if (!exited) proc.write(data);
      },
      onData: (listener: (chunk: string) => void) => {
        proc.onData(listener);
      },
      onExit: (listener: (exitCode: number | null) => void) => {
        // node-pty reports a signal death as exitCode 0 plus signal; the interface wants null then.
        proc.onExit(({ exitCode, signal }) => {
          listener(signal !== undefined && signal !== 0 ? null : exitCode);
        });
      },
      close: () => {
        if (exited) return;
        try {
          proc.kill('SIGHUP');
        } catch {
          // already gone
        }
      },
    };
  }

  async readFile(path: string): Promise<string> {
    this.#checkOpen();
    return readFile(path, 'utf8');
  }

  close(): Promise<void> {
    this.#closed = true;
    return Promise.resolve();
  }

  #checkOpen(): void {
    if (this.#closed) throw new Error('local transport: used after close()');
  }
}

/** An execa transform that keeps a stream's first `capBytes` bytes (see OutputCap). */
function cappedStream(capBytes: number): { transform: (chunk: unknown) => Generator<Uint8Array, void, void>; binary: true } {
  const cap = new OutputCap(capBytes);
  return {
    // binary: true, so execa hands over each chunk as read, as a Uint8Array
    *transform(chunk: unknown) {
      const kept = cap.keep(chunk as Uint8Array);
      if (kept.length > 0) yield kept;
    },
    binary: true,
  };
}

function killGroup(group: number): void {
  try {
    process.kill(-group, 'SIGKILL');
  } catch {
    // the group is already gone
  }
}
