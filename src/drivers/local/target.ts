import { execFileSync } from 'node:child_process';
import type { Transport } from '../../transport/types.ts';
import { LocalTransport } from '../../transport/local.ts';
import type { Target } from '../target.ts';

/** The programs the sandbox needs on this host, and the Debian package each comes from. */
const REQUIRED_PROGRAMS: readonly (readonly [string, string])[] = [
  ['unshare', 'util-linux'],
  ['nsenter', 'util-linux'],
  ['strace', 'strace'],
  ['bash', 'bash'],
  ['setsid', 'util-linux'],
];

/**
 * The `sandbox` target: this Linux host itself. Every scenario runs in a sandbox namespace made
 * here, so the host's own mounts are never touched; it needs root to make those namespaces.
 */
export class HostTarget implements Target {
  readonly name = 'sandbox' as const;
  private transport: LocalTransport | undefined;

  start(): Promise<Transport> {
    assertUsableHost();
    this.transport = new LocalTransport();
    return Promise.resolve(this.transport);
  }

  async stop(): Promise<void> {
    await this.transport?.close();
  }
}

export function assertUsableHost(platform: NodeJS.Platform = process.platform, uid: number | undefined = process.getuid?.()): void {
  if (platform !== 'linux') {
    throw new Error(`the sandbox target runs experiments on this host's own Linux kernel, and this host runs ${platform}. Use the lab VM instead: npm run lab -- --target qemu`);
  }
  if (uid !== 0) {
    throw new Error('the sandbox target needs root: it makes a mount and PID namespace for every scenario (unshare, nsenter, mount). Run it as root, e.g. sudo npm run lab -- --target sandbox, or use the lab VM: npm run lab -- --target qemu');
  }
  const missing = REQUIRED_PROGRAMS.filter(([program]) => !onPath(program));
  if (missing.length > 0) {
    const packages = [...new Set(missing.map(([, pkg]) => pkg))].join(' ');
    throw new Error(`the sandbox target needs ${missing.map(([p]) => p).join(', ')} on this host: apt-get install ${packages}`);
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
