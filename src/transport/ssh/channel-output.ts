/** Collects what an exec channel produces: stdout, stderr, exit code or signal, and its close. */
import type { ClientChannel } from 'ssh2';

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
