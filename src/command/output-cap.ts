/**
 * One limit on how much of a command's output mountlab keeps, on every path (local exec, ssh
 * exec, windows): past it the rest is read and dropped, so the command still ends normally and
 * Node's memory stays bounded (300 MB printed without a newline once took node to 2.4 GB).
 */

/** Large enough for the Docker scenarios' pulls and strace-heavy runs. */
export const DEFAULT_OUTPUT_CAP_BYTES = 16 * 1024 * 1024;

export const OUTPUT_CAP_VARIABLE = 'MOUNTLAB_OUTPUT_CAP_BYTES';

/** What stands at the end of output that was cut. */
export function cutNote(capBytes: number): string {
  return `\n… output cut at ${capBytes} bytes\n`;
}

/** MOUNTLAB_OUTPUT_CAP_BYTES, or the default. */
export function outputCapFromEnv(env: NodeJS.ProcessEnv): number {
  const text = env[OUTPUT_CAP_VARIABLE];
  if (text === undefined || text === '') return DEFAULT_OUTPUT_CAP_BYTES;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`${OUTPUT_CAP_VARIABLE}: expected a positive whole number of bytes, got "${text}"`);
  return n;
}

/** Counts one stream's bytes; keeps the first `capBytes` of them and the cut note once. */
export class OutputCap {
  #kept = 0;
  #cut = false;

  constructor(readonly capBytes: number) {}

  get cut(): boolean {
    return this.#cut;
  }

  /** The part of `chunk` to keep (ending with the note where the cap is reached), possibly empty. */
  keep(chunk: Uint8Array): Uint8Array {
    if (this.#cut) return chunk.subarray(0, 0);
    const room = this.capBytes - this.#kept;
    if (chunk.length <= room) {
      this.#kept += chunk.length;
      return chunk;
    }
    this.#cut = true;
    this.#kept = this.capBytes;
    return Buffer.concat([chunk.subarray(0, room), Buffer.from(cutNote(this.capBytes))]);
  }

  /** As keep(), for text already decoded (a terminal's output); a character cut in two is dropped. */
  keepText(chunk: string): string {
    if (this.#cut) return '';
    const bytes = Buffer.byteLength(chunk);
    if (bytes <= this.capBytes - this.#kept) {
      this.#kept += bytes;
      return chunk;
    }
    return Buffer.from(this.keep(Buffer.from(chunk))).toString('utf8').replace(/\uFFFD(?=\n… output cut)/, '');
  }
}
