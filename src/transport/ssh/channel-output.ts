/** Collects what an exec channel produces: stdout, stderr, exit code or signal, and its close. */
import type { ClientChannel } from 'ssh2';
import { OutputCap } from '../../command/output-cap.ts';

/** What an exec channel produced; `closed` resolves when the channel has closed. */
export class ChannelOutput {
  readonly stdout: Buffer[] = [];
  readonly stderr: Buffer[] = [];
  exitCode: number | null = null;
  signal: string | null = null;
  /** The login shell's pid, when the command was asked to print it first on stderr. */
  pid: number | null = null;
  #pidLine: Buffer | null;
  readonly closed: Promise<void>;
  #markClosed: () => void = () => undefined;

  readonly #stdoutCap: OutputCap;
  readonly #stderrCap: OutputCap;

  constructor(expectPidLine: boolean, capBytes: number) {
    this.#stdoutCap = new OutputCap(capBytes);
    this.#stderrCap = new OutputCap(capBytes);
    this.#pidLine = expectPidLine ? Buffer.alloc(0) : null;
    this.closed = new Promise<void>((resolve) => {
      this.#markClosed = resolve;
    });
  }

  markClosed(): void {
    this.#markClosed();
  }

  #keep(into: Buffer[], cap: OutputCap, b: Buffer): void {
    const kept = cap.keep(b);
    if (kept.length > 0) into.push(Buffer.from(kept.buffer, kept.byteOffset, kept.length));
  }

  attach(channel: ClientChannel): void {
    channel.on('data', (b: Buffer) => {
      this.#keep(this.stdout, this.#stdoutCap, b);
    });
    channel.stderr.on('data', (b: Buffer) => {
      if (this.#pidLine === null) {
        this.#keep(this.stderr, this.#stderrCap, b);
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
      if (line.length > nl + 1) this.#keep(this.stderr, this.#stderrCap, line.subarray(nl + 1));
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
