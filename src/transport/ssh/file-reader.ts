/**
 * Reading files on the target without a process per file: one long-lived bash over one exec
 * channel (file-replies.ts) reads each path it is sent with the `read` builtin. A `cat` over its
 * own exec channel costs an sshd session, a shell and a cat, which on the lab VM under TCG is
 * 85 ms or more per file; the assertions and the tree pictures read several mount tables per step.
 */
import type { ClientChannel } from 'ssh2';
import type { SshConnection } from './connection.ts';
import { openChannel } from './open-channel.ts';
import { FILE_READER_SCRIPT, FileReplyParser, type FileReply } from './file-replies.ts';

/** A read that takes longer than this (a FIFO, a hung filesystem) drops the reader; the next read starts another. */
const READ_TIMEOUT_MS = 30_000;

interface Pending {
  resolve(reply: FileReply): void;
  reject(error: Error): void;
}

/** One reader process and its channel; once it has failed, a new one takes its place. */
class ReaderSession {
  pending: Pending | undefined;
  ended = false;
  /** Set once the channel is open. */
  channel: ClientChannel | undefined;

  /** Rejects the read under way and ends the reader, whose output can no longer be trusted. */
  fail(error: Error): void {
    this.ended = true;
    const pending = this.pending;
    this.pending = undefined;
    this.channel?.end();
    pending?.reject(error);
  }
}

export class SshFileReader {
  #session: Promise<ReaderSession> | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly connection: SshConnection) {}

  /** The reader's answer for `path`, one read at a time (reads are a few milliseconds each). */
  read(path: string): Promise<FileReply> {
    const next = this.#queue.then(() => this.#readNow(path));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  close(): void {
    void this.#session?.then((s) => { s.fail(new Error('the file reader was closed')); }, () => undefined);
    this.#session = undefined;
  }

  async #readNow(path: string): Promise<FileReply> {
    const session = await this.#open();
    if (session.ended) throw new Error(`the file reader on ${this.connection.hostPort} ended as it started`);
    return new Promise<FileReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        session.fail(new Error(`reading ${path} on ${this.connection.hostPort} took over ${READ_TIMEOUT_MS} ms`));
      }, READ_TIMEOUT_MS);
      session.pending = {
        resolve: (reply) => { clearTimeout(timer); resolve(reply); },
        reject: (error) => { clearTimeout(timer); reject(error); },
      };
      session.channel?.write(`${path}\n`);
    });
  }

  #open(): Promise<ReaderSession> {
    const current = this.#session;
    if (current !== undefined) {
      return current.then((s) => (s.ended ? this.#replace(current) : s));
    }
    return this.#replace(undefined);
  }

  /** Starts a reader in place of `old` (unless another read already did). */
  #replace(old: Promise<ReaderSession> | undefined): Promise<ReaderSession> {
    if (this.#session !== old && this.#session !== undefined) return this.#open();
    const started = this.#start();
    this.#session = started;
    started.catch(() => { if (this.#session === started) this.#session = undefined; });
    return started;
  }

  async #start(): Promise<ReaderSession> {
    const parser = new FileReplyParser();
    let stderr = '';
    const session = new ReaderSession();
    session.channel = await openChannel(this.connection, this.connection.wire(['bash', '-c', FILE_READER_SCRIPT]), undefined, 'the file reader (bash)', 'while starting', (ch) => {
      ch.stderr.on('data', (c: Buffer) => { stderr += c.toString('utf8'); });
      ch.on('data', (chunk: Buffer) => {
        try {
          for (const reply of parser.push(chunk)) {
            const pending = session.pending;
            session.pending = undefined;
            pending?.resolve(reply);
          }
        } catch (e) {
          session.fail(e instanceof Error ? e : new Error(String(e)));
        }
      });
      ch.once('close', () => {
        const why = this.connection.downReason !== null
          ? this.connection.lostError(this.connection.downReason, 'the file reader (bash)', 'while reading with')
          : new Error(`the file reader on ${this.connection.hostPort} ended: ${stderr.trim() || 'its channel closed'}`);
        session.fail(why);
      });
    });
    return session;
  }
}
