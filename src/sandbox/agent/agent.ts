import { randomBytes } from 'node:crypto';
import type { Transport } from '../../transport/types.ts';
import { openByteChannel, type ByteChannel } from './channel.ts';
import { outcomeOf, type AgentOutcome } from './outcome.ts';
import { ReplyReader, type AgentReply, type AgentHome } from './reply.ts';
import { agentRequest } from './script.ts';

/** One command's result from the agent: output, status, its syscalls, and the mount table after it. */
export interface AgentRun extends AgentOutcome {
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
  /** The sandbox's mountinfo text, read right after the command. */
  readonly mountinfo: string;
}

/** A started agent and the mount table as it started. */
export interface StartedAgent {
  readonly agent: SandboxAgent;
  readonly mountinfo: string;
}

/** How long past its own timeout a command may take before the agent counts as lost. */
const GRACE_MS = 30_000;
/**
 * How long the agent's start script may take: making the sandbox (its init may take up to 30 s,
 * launch.ts), then strace, nsenter and two bash (a busy lab VM under TCG is slow).
 */
const START_TIMEOUT_MS = 60_000;

/**
 * The resident agent of a sandbox (script.ts): started once, traced once, it runs the
 * scenario's commands in turn over one channel. Commands are queued: one runs at a time.
 */
export class SandboxAgent {
  private nextId = 0;
  /** Commands sent and not yet answered. */
  private running = 0;
  /** A reply came late or could not be read: the helper may still be busy and not reading stdin. */
  private outOfStep = false;
  private queue: Promise<unknown> = Promise.resolve();
  private waiting: { resolve: (r: AgentReply) => void; reject: (e: Error) => void } | undefined;
  private closedWhy: string | undefined;
  /** Settles with the start script's exit code once the channel has closed. */
  private readonly closed: Promise<number | null>;

  private constructor(private readonly channel: ByteChannel, nonce: string, home: (home: AgentHome) => void) {
    const reader = new ReplyReader(nonce, home);
    channel.onData((chunk) => {
      try {
        for (const reply of reader.push(chunk)) this.settle((w) => { w.resolve(reply); });
      } catch (e) {
        this.outOfStep = true;
        this.settle((w) => { w.reject(e instanceof Error ? e : new Error(String(e))); });
      }
    });
    let closed: (exitCode: number | null) => void = () => undefined;
    this.closed = new Promise((resolve) => { closed = resolve; });
    channel.onClose((why, exitCode) => {
      this.closedWhy = why;
      this.settle((w) => { w.reject(new Error(`the sandbox agent stopped: ${why}`)); });
      closed(exitCode);
    });
  }

  /**
   * Starts an agent with the start script `argv(nonce)` (script.ts: sandboxAgentArgv, which makes
   * a sandbox too, or rootAgentArgv) and waits until it is up (its reply 0, which carries the
   * mount table as it starts); undefined if the transport cannot stream. `home` is called as soon
   * as the script has said where the agent runs, before the agent is up: a start that fails after
   * that leaves a sandbox and a work directory for the caller to end. Made ahead, a sandbox is
   * then ready for its first command.
   */
  static async start(transport: Transport, argv: (nonce: string) => string[], startTimeoutMs: number | undefined, home: (home: AgentHome) => void): Promise<StartedAgent | undefined> {
    const nonce = `mountlab-${randomBytes(8).toString('hex')}`;
    const channel = await openByteChannel(transport, argv(nonce));
    if (channel === undefined) return undefined;
    const agent = new SandboxAgent(channel, nonce, home);
    const up = await agent.reply(0, startTimeoutMs ?? START_TIMEOUT_MS, () => undefined).catch((e: unknown) => {
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

  /**
   * Ends the agent and, behind it, the sandbox: the start script runs the teardown once the
   * helper has read end-of-file. True when it did so and said it succeeded within `waitMs`.
   * False at once while a command runs (Ctrl-C during a step) or after a reply that came late or
   * could not be read: the helper reads its stdin only between commands, so the caller's own
   * teardown, which ends the command too, must not wait.
   */
  async end(waitMs: number): Promise<boolean> {
    this.channel.close();
    if (this.running > 0 || this.outOfStep) return false;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => { timer = setTimeout(() => { resolve('late'); }, waitMs); });
    const exitCode = await Promise.race([this.closed, late]).finally(() => { clearTimeout(timer); });
    return exitCode === 0;
  }

  private async runNow(script: string, timeoutMs: number): Promise<AgentRun> {
    const id = ++this.nextId;
    const started = performance.now();
    this.running++;
    const reply = await this.reply(id, timeoutMs + GRACE_MS, () => { this.channel.write(agentRequest(id, script, timeoutMs)); })
      .finally(() => { this.running--; });
    const durationMs = performance.now() - started;
    return { ...outcomeOf(reply), stdout: reply.stdout, stderr: reply.stderr, durationMs, mountinfo: reply.mountinfo };
  }

  /** Waits for reply `id` (after `send`), at most `waitMs`. */
  private async reply(id: number, waitMs: number, send: () => void): Promise<AgentReply> {
    if (this.closedWhy !== undefined) throw new Error(`the sandbox agent stopped: ${this.closedWhy}`);
    const reply = await new Promise<AgentReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.outOfStep = true;
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
