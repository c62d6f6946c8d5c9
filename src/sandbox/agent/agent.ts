import { randomBytes } from 'node:crypto';
import type { Transport } from '../../transport/types.ts';
import { openByteChannel, type ByteChannel } from './channel.ts';
import { outcomeOf, type AgentOutcome } from './outcome.ts';
import { ReplyReader, type AgentReply } from './reply.ts';
import { agentArgv, agentRequest } from './script.ts';

/** One command's result from the agent: output, status, its syscalls, and the mount table after it. */
export interface AgentRun extends AgentOutcome {
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
  /** The sandbox's mountinfo text, read right after the command. */
  readonly mountinfo: string;
}

/** How long past its own timeout a command may take before the agent counts as lost. */
const GRACE_MS = 30_000;

/**
 * The resident agent of a sandbox (script.ts): started once, traced once, it runs the
 * scenario's commands in turn over one channel. Commands are queued: one runs at a time.
 */
export class SandboxAgent {
  private nextId = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private waiting: { resolve: (r: AgentReply) => void; reject: (e: Error) => void } | undefined;
  private closedWhy: string | undefined;

  private constructor(private readonly channel: ByteChannel, nonce: string) {
    const reader = new ReplyReader(nonce);
    channel.onData((chunk) => {
      try {
        for (const reply of reader.push(chunk)) this.settle((w) => { w.resolve(reply); });
      } catch (e) {
        this.settle((w) => { w.reject(e instanceof Error ? e : new Error(String(e))); });
      }
    });
    channel.onClose((why) => {
      this.closedWhy = why;
      this.settle((w) => { w.reject(new Error(`the sandbox agent stopped: ${why}`)); });
    });
  }

  /** Starts the agent in `workDir`, inside the namespaces `enter` leads to; undefined if the transport cannot stream. */
  static async start(transport: Transport, workDir: string, enter: readonly string[]): Promise<SandboxAgent | undefined> {
    const nonce = `mountlab-${randomBytes(8).toString('hex')}`;
    const channel = await openByteChannel(transport, agentArgv(workDir, enter, nonce));
    return channel === undefined ? undefined : new SandboxAgent(channel, nonce);
  }

  /** Runs a bash script in the agent's namespaces; the timeout kills its process group. */
  run(script: string, timeoutMs: number): Promise<AgentRun> {
    const next = this.queue.then(() => this.runNow(script, timeoutMs));
    this.queue = next.catch(() => undefined);
    return next;
  }

  close(): void {
    this.channel.close();
  }

  private async runNow(script: string, timeoutMs: number): Promise<AgentRun> {
    if (this.closedWhy !== undefined) throw new Error(`the sandbox agent stopped: ${this.closedWhy}`);
    const id = ++this.nextId;
    const started = performance.now();
    const reply = await new Promise<AgentReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.settle((w) => { w.reject(new Error(`the sandbox agent did not answer within ${timeoutMs + GRACE_MS} ms`)); });
      }, timeoutMs + GRACE_MS);
      const done = <T>(f: (v: T) => void) => (v: T): void => { clearTimeout(timer); f(v); };
      this.waiting = { resolve: done(resolve), reject: done(reject) };
      this.channel.write(agentRequest(id, script, timeoutMs));
    });
    const durationMs = performance.now() - started;
    if (reply.id !== id) throw new Error(`the sandbox agent answered command ${reply.id}, not ${id}`);
    return { ...outcomeOf(reply), stdout: reply.stdout, stderr: reply.stderr, durationMs, mountinfo: reply.mountinfo };
  }

  private settle(f: (w: NonNullable<SandboxAgent['waiting']>) => void): void {
    const w = this.waiting;
    this.waiting = undefined;
    if (w !== undefined) f(w);
  }
}
