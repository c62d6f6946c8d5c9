import type { Target } from '../drivers/target.ts';
import type { Transport } from '../transport/types.ts';
import { probeCapabilities, type Capabilities } from './capabilities.ts';

/** A started target: its transport and what it can do. One per cucumber run. */
export class Machine {
  private constructor(
    readonly target: Target,
    private currentTransport: Transport,
    readonly capabilities: Capabilities,
  ) {}

  static async start(target: Target, progress: (line: string) => void): Promise<Machine> {
    const transport = await target.start(progress);
    const vm = target.name === 'qemu' || target.name === 'vagrant';
    const probed = await probeCapabilities(transport, vm);
    return new Machine(target, transport, { ...probed, image: target.imageDescription?.() ?? probed.image });
  }

  get transport(): Transport {
    return this.currentTransport;
  }

  /** The machine's own (root namespace) mount table, as text, to compare before and after. */
  rootMountInfo(): Promise<string> {
    return this.currentTransport.readFile('/proc/self/mountinfo');
  }

  /** A root-namespace scenario starts: its end resets the VM, which the target may prepare meanwhile. */
  prepareReset(): void {
    void this.target.prepareReset?.();
  }

  /** Puts a VM back to its snapshot after a scenario that changed its root namespace. */
  async reset(progress: (line: string) => void): Promise<void> {
    if (this.target.reset === undefined) throw new Error(`the ${this.target.name} target cannot be reset`);
    this.currentTransport = await this.target.reset(progress);
  }

  /** Sandboxes whose connection was lost before they could be ended: ended after reconnecting. */
  private readonly orphans: string[] = [];

  rememberOrphan(teardownScript: string): void {
    this.orphans.push(teardownScript);
  }

  /**
   * Before a scenario: if the connection was lost but the machine did not die (an sshd that
   * stopped answering, a network hiccup), connect again and end the sandboxes left behind. A
   * machine that died (qemu exited) stays lost: the error names why.
   */
  async ensureUsable(progress: (line: string) => void): Promise<void> {
    const lost = await this.settledLostReason();
    if (lost === undefined) return;
    if (this.target.diedReason?.() !== undefined) {
      throw new Error(`the ${this.target.name} target was lost earlier in this run, so this scenario cannot run: ${lost}`);
    }
    progress(`mountlab: ${lost}; connecting again`);
    this.currentTransport = await this.target.start(progress);
    for (const script of this.orphans.splice(0)) {
      await this.currentTransport.exec(['sh', '-c', script], { timeoutMs: 30_000 });
    }
  }

  /**
   * lostReason, after giving a target that can tell whether its machine died (qemu) a moment to
   * see the process exit: the socket closes a little before the exit status arrives.
   */
  async settledLostReason(): Promise<string | undefined> {
    if (this.currentTransport.lost !== true) return undefined;
    for (let waited = 0; this.target.diedReason !== undefined && this.target.diedReason() === undefined && waited < 3000; waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return this.lostReason();
  }

  /** Why the machine can no longer be used, or undefined while it answers. */
  lostReason(): string | undefined {
    if (this.currentTransport.lost !== true) return undefined;
    return this.target.diedReason?.() ?? `the connection to ${this.currentTransport.description} was lost`;
  }

  async stop(): Promise<void> {
    await this.target.stop();
    const kept = this.target.keptMessage;
    if (kept !== undefined && kept !== null) process.stderr.write(`mountlab: ${kept}\n`);
  }
}
