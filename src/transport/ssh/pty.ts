/** A terminal session over an ssh2 channel. */
import type { ClientChannel } from 'ssh2';
import { StringDecoder } from 'node:string_decoder';
import type { PtyChannel } from '../types.ts';

/** A PtyChannel over an ssh2 channel; output and exit that come before a listener are kept for it. */
export class PtyBridge implements PtyChannel {
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
