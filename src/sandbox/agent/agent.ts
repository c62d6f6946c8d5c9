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
/** How long the agent may take to start (strace, nsenter, two bash; a busy lab VM under TCG is slow). */
const START_TIMEOUT_MS = 60_000;

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

  /**
   * Starts the agent in `workDir`, inside the namespaces `enter` leads to, and waits until it is
   * up (its reply 0, which carries the mount table as it starts); undefined if the transport
   * cannot stream. Made ahead, a sandbox is then ready for its first command.
   */
  static async start(transport: Transport, workDir: string, enter: readonly string[]): Promise<{ agent: SandboxAgent; mountinfo: string } | undefined> {
    const nonce = `mountlab-${randomBytes(8).toString('hex')}`;
    const channel = await openByteChannel(transport, agentArgv(workDir, enter, nonce));
    if (channel === undefined) return undefined;
    const agent = new SandboxAgent(channel, nonce);
    const up = await agent.reply(0, START_TIMEOUT_MS, () => undefined).catch((e: unknown) => {
      channel.close();
      throw e;
    });
    return { agent, mountinfo: up.mountinfo };
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
    const id = ++this.nextId;
    const started = performance.now();
    const reply = await this.reply(id, timeoutMs + GRACE_MS, () => { this.channel.write(agentRequest(id, script, timeoutMs)); });
    const durationMs = performance.now() - started;
    return { ...outcomeOf(reply), stdout: reply.stdout, stderr: reply.stderr, durationMs, mountinfo: reply.mountinfo };
  }

  /** Waits for reply `id` (after `send`), at most `waitMs`. */
  private async reply(id: number, waitMs: number, send: () => void): Promise<AgentReply> {
    if (this.closedWhy !== undefined) throw new Error(`the sandbox agent stopped: ${this.closedWhy}`);
    const reply = await new Promise<AgentReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.settle((w) => { w.reject(new Error(`the sandbox agent did not answer within ${waitMs} ms`)); });
      }, waitMs);
      const done = <T>(f: (v: T) => void) => (v: T): void => { clearTimeout(timer); f(v); };
      this.waiting = { resolve: done(resolve), reject: done(reject) };
      send();
    });
    if (reply.id !== id) throw new Error(`the sandbox agent answered ${reply.id === 0 ? 'its start' : `command ${reply.id}`}, not ${id === 0 ? 'its start' : `command ${id}`}`);
    return reply;
  }

  private settle(f: (w: NonNullable<SandboxAgent['waiting']>) => void): void {
    const w = this.waiting;
    this.waiting = undefined;
    if (w !== undefined) f(w);
  }
}
