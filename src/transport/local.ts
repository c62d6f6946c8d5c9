import { readFile } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
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
    // Without stdin, the command reads end-of-file at once, as over ssh.
    const child = spawn(file, args, { detached: true, stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    const stdout = collect(child.stdout, cap);
    const stderr = collect(child.stderr, cap);
    if (options.stdin !== undefined) {
      child.stdin?.on('error', () => { /* the command ended without reading it all */ });
      child.stdin?.end(options.stdin);
    }
    // Node leaves pid undefined when the program did not start (ENOENT, EACCES)
    const group = child.pid;
    const limit = { reached: false };
    const timer = options.timeoutMs === undefined || group === undefined ? undefined : setTimeout(() => {
      limit.reached = true;
      killGroup(group);
    }, options.timeoutMs);
    if (group !== undefined) this.#running.add(group);
    const ended = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((resolve) => {
      child.once('error', (error) => {
        if (child.pid === undefined) resolve({ code: null, signal: null, error });
      });
      // 'close': the process ended and its output is read to the end (a child holding it open is waited for)
      child.once('close', (code, signal) => { resolve({ code, signal }); });
    });
    clearTimeout(timer);
    if (group !== undefined) this.#running.delete(group);
    const timedOut = limit.reached;
    const signal = timedOut ? 'SIGKILL' : ended.signal;
    const exitCode = signal === null ? ended.code : null;
    // A command that never started (ENOENT, EACCES): say why where a person looks, on stderr.
    const printed = stderr.text();
    const stderrText = ended.error !== undefined && printed === '' ? `${ended.error.message}\n` : printed;
    return {
      command,
      exitCode,
      signal,
      stdout: stdout.text(),
      stderr: stderrText,
      durationMs: performance.now() - started,
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

/** A stream's first `capBytes` bytes (see OutputCap), read to its end; text() once it ended. */
function collect(stream: Readable | null, capBytes: number): { text: () => string } {
  const cap = new OutputCap(capBytes);
  const kept: Uint8Array[] = [];
  stream?.on('data', (chunk: Buffer) => {
    const part = cap.keep(chunk);
    if (part.length > 0) kept.push(part);
  });
  return { text: () => Buffer.concat(kept).toString('utf8') };
}

function killGroup(group: number): void {
  try {
    process.kill(-group, 'SIGKILL');
  } catch {
    // the group is already gone
  }
}
