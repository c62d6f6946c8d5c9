import { execFileSync } from 'node:child_process';
import type { Transport } from '../../transport/types.ts';
import { LocalTransport } from '../../transport/local.ts';
import type { Target } from '../target.ts';
import { describeReaped, reapLocalSandboxes } from './reaper.ts';

/** The programs the sandboxes need on this computer, and the Debian package each comes from. */
const REQUIRED_PROGRAMS: readonly (readonly [string, string])[] = [
  ['unshare', 'util-linux'],
  ['nsenter', 'util-linux'],
  ['strace', 'strace'],
  ['bash', 'bash'],
  ['setsid', 'util-linux'],
];

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

export function assertUsableLocally(platform: NodeJS.Platform = process.platform, uid: number | undefined = process.getuid?.()): void {
  if (platform !== 'linux') {
    throw new Error(`the local target runs experiments on this computer's own Linux kernel, and this computer runs ${platform}. Use the lab VM instead: npm run lab -- --target qemu`);
  }
  if (uid !== 0) {
    throw new Error('the local target needs root: it makes a mount and PID namespace for every scenario (unshare, nsenter, mount). Run it as root, e.g. sudo npm run lab -- --target local, or use the lab VM: npm run lab -- --target qemu');
  }
  const missing = REQUIRED_PROGRAMS.filter(([program]) => !onPath(program));
  if (missing.length > 0) {
    const packages = [...new Set(missing.map(([, pkg]) => pkg))].join(' ');
    throw new Error(`the local target needs ${missing.map(([p]) => p).join(', ')} on this computer: apt-get install ${packages}`);
  }
}

function onPath(program: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
