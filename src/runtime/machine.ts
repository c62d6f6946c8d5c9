import type { Capabilities, Target } from '../target/types.ts';
import type { Transport } from '../transport/types.ts';
import { probeCapabilities } from '../target/capabilities.ts';

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

  /** Puts a VM back to its snapshot after a scenario that changed its root namespace. */
  async reset(progress: (line: string) => void): Promise<void> {
    if (this.target.reset === undefined) throw new Error(`the ${this.target.name} target cannot be reset`);
    this.currentTransport = await this.target.reset(progress);
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
