import type { Transport } from '../../transport/types.ts';
import { LocalTransport } from '../../transport/local.ts';
import type { Target } from '../target.ts';
import { describeReaped, reapLocalSandboxes } from './reaper.ts';
import { assertUsableLocally } from './requirements.ts';

/**
 * The `local` target (old name: sandbox): this computer's own Linux kernel. Every scenario runs in
 * a sandbox (mount + PID namespace) made here, so this computer's own mounts are never touched;
 * it needs root to make those namespaces.
 */
export class LocalTarget implements Target {
  readonly name = 'local' as const;
  private transport: LocalTransport | undefined;

  /** Starts by ending the sandboxes a killed run left here (reaper.ts), and says what it removed. */
  async start(progress: (line: string) => void = () => undefined): Promise<Transport> {
    assertUsableLocally();
    for (const reaped of await reapLocalSandboxes()) progress(`mountlab: ${describeReaped(reaped)}`);
    this.transport = new LocalTransport();
    return this.transport;
  }

  async stop(): Promise<void> {
    await this.transport?.close();
  }
}
