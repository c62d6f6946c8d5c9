/**
 * The framing ShellRunner (runner.ts) uses: many commands over one long-lived `sh` whose
 * stdout and stderr are the channel's two streams. Every command is bracketed, on both streams,
 * by markers carrying a fresh random token:
 *
 *     printf '%s\n' ':mlb:TOKEN:'; printf '%s\n' ':mlb:TOKEN:' >&2
 *     ( CMD ) </dev/null
 *     printf ':mle:TOKEN:%s\n' "$?"; printf ':mle:TOKEN:\n' >&2
 *
 * The command writes straight into the channel streams (no temporary files on the target, whose
 * mounts are what the lab changes; no re-encoding), so its output is byte-exact: the body is every
 * byte between the begin marker's newline and the end marker, which follows the last byte without
 * a separator. Bytes before a begin marker (late output of an earlier command's background
 * processes) are dropped. The subshell keeps `cd`, `exit`, `set` and the like from changing the
 * long-lived shell; </dev/null keeps the command from eating the script the shell reads.
 */
import { randomBytes } from 'node:crypto';

export interface ShellFrame {
  readonly token: string;
  readonly script: string;
}

export function frameCommand(commandLine: string): ShellFrame {
  const token = randomBytes(16).toString('hex');
  const b = `:mlb:${token}:`;
  const e = `:mle:${token}:`;
  const script =
    `printf '%s\\n' '${b}'; printf '%s\\n' '${b}' >&2; ` +
    `( ${commandLine}\n) </dev/null; ` +
    `printf '${e}%s\\n' "$?"; printf '${e}\\n' >&2\n`;
  return { token, script };
}

type Phase = 'seek' | 'body' | 'trailer' | 'done';

/**
 * Cuts one command's output out of a stream: waits for the begin marker, collects the body up to
 * the end marker, then reads the rest of that marker's line (the exit status on stdout). Bytes
 * after the end marker's line stay in `rest` for the next command's scanner.
 */
export class MarkerScanner {
  readonly #begin: Buffer;
  readonly #end: Buffer;
  #phase: Phase = 'seek';
  #pending: Buffer;
  readonly #body: Buffer[] = [];
  #trailer = '';

  constructor(token: string, leftover: Buffer = Buffer.alloc(0)) {
    this.#begin = Buffer.from(`:mlb:${token}:\n`);
    this.#end = Buffer.from(`:mle:${token}:`);
    this.#pending = leftover;
    this.#scan();
  }

  get done(): boolean {
    return this.#phase === 'done';
  }

  /** Whether the begin marker was seen (the command started). */
  get started(): boolean {
    return this.#phase !== 'seek';
  }

  get body(): Buffer {
    return Buffer.concat(this.#body);
  }

  /** The text after the end marker on its line (the exit status on stdout, '' on stderr). */
  get trailer(): string {
    return this.#trailer;
  }

  /** Unconsumed bytes (only meaningful once done). */
  get rest(): Buffer {
    return this.#pending;
  }

  push(chunk: Buffer): void {
    if (this.#phase === 'done') {
      this.#pending = Buffer.concat([this.#pending, chunk]);
      return;
    }
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    this.#scan();
  }

  #scan(): void {
    for (;;) {
      switch (this.#phase) {
        case 'seek': {
          const i = this.#pending.indexOf(this.#begin);
          if (i < 0) {
            this.#pending = keepTail(this.#pending, this.#begin.length - 1);
            return;
          }
          this.#pending = this.#pending.subarray(i + this.#begin.length);
          this.#phase = 'body';
          break;
        }
        case 'body': {
          const i = this.#pending.indexOf(this.#end);
          if (i < 0) {
            // Hand over all but a possible marker prefix, so long outputs are not rescanned.
            const keep = this.#end.length - 1;
            if (this.#pending.length > keep) {
              this.#body.push(this.#pending.subarray(0, this.#pending.length - keep));
              this.#pending = this.#pending.subarray(this.#pending.length - keep);
            }
            return;
          }
          if (i > 0) this.#body.push(this.#pending.subarray(0, i));
          this.#pending = this.#pending.subarray(i + this.#end.length);
          this.#phase = 'trailer';
          break;
        }
        case 'trailer': {
          const nl = this.#pending.indexOf(0x0a);
          if (nl < 0) return;
          this.#trailer = this.#pending.subarray(0, nl).toString('latin1');
          this.#pending = this.#pending.subarray(nl + 1);
          this.#phase = 'done';
          return;
        }
        case 'done':
          return;
      }
    }
  }
}

function keepTail(buf: Buffer, n: number): Buffer {
  return buf.length <= n ? buf : buf.subarray(buf.length - n);
}
