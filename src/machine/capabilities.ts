import type { Transport } from '../transport/types.ts';
import { parseKernelVersion } from '../kernel/version.ts';
import type { KernelVersion } from '../kernel/version.ts';

/** What the machine can do; scenarios tagged @requires-... are skipped when it cannot. */
export interface Capabilities {
  readonly kernelRelease: string;
  readonly kernel: KernelVersion;
  readonly apparmor: boolean;
  readonly systemd: boolean;
  readonly userNamespaces: boolean;
  readonly strace: boolean;
  /** A running Docker daemon with the image the documents run (ubuntu:latest; the lab image imports one). */
  readonly docker: boolean;
  /** A VM mountlab made (qemu, vagrant): its root namespace may be changed and reset. */
  readonly vm: boolean;
  /** e.g. "mountlab-bookworm-6.1 (2026-11-23)"; null on a machine mountlab did not build. */
  readonly image: string | null;
}

/**
 * One round trip: key=value lines about the machine, read with the shell's builtins (no `$(cat …)`:
 * each process costs ~10 ms here and more in the lab VM under TCG). Docker is asked only where a
 * daemon could answer (a socket, DOCKER_HOST, a context, a client configuration, podman's docker
 * socket): a client without a daemon takes ~0.1 s to say so.
 */
const PROBE = `fact() { v=; { read -r v < "$2"; } 2>/dev/null; echo "$1=$v"; }
fact kernel /proc/sys/kernel/osrelease
fact pid1 /proc/1/comm
fact apparmor /sys/module/apparmor/parameters/enabled
fact userns /proc/sys/user/max_user_namespaces
fact image /etc/mountlab-image
if command -v strace >/dev/null; then echo strace=yes; fi
if command -v docker >/dev/null && { [ -n "$DOCKER_HOST$DOCKER_CONTEXT" ] || [ -f "$HOME/.docker/config.json" ] || [ -S /var/run/docker.sock ] || [ -S "$XDG_RUNTIME_DIR/docker.sock" ] || [ -S /run/podman/podman.sock ]; }; then
  echo "docker=$(timeout 20 docker image inspect --format '{{.Id}}' ubuntu:latest 2>/dev/null)"
fi`;

export async function probeCapabilities(transport: Transport, vm: boolean): Promise<Capabilities> {
  const result = await transport.exec(['sh', '-c', PROBE], { timeoutMs: 30_000 });
  if (result.failed) throw new Error(`could not read the capabilities of ${transport.description}: ${result.stderr}`);
  const facts = new Map(result.stdout.split('\n').map((line) => {
    const eq = line.indexOf('=');
    return [line.slice(0, eq), line.slice(eq + 1)] as const;
  }));
  const kernelRelease = facts.get('kernel') ?? '';
  return {
    kernelRelease,
    kernel: parseKernelVersion(kernelRelease),
    systemd: facts.get('pid1') === 'systemd',
    apparmor: facts.get('apparmor') === 'Y',
    userNamespaces: Number(facts.get('userns') ?? 0) > 0,
    strace: (facts.get('strace') ?? '') !== '',
    docker: (facts.get('docker') ?? '') !== '',
    vm,
    image: facts.get('image') || null,
  };
}

export function describeCapabilities(c: Capabilities): string {
  const yes = (b: boolean): string => (b ? 'yes' : 'no');
  return [
    `kernel ${c.kernelRelease}`,
    c.image === null ? null : `image ${c.image}`,
    `systemd ${yes(c.systemd)}`,
    `AppArmor ${yes(c.apparmor)}`,
    `user namespaces ${yes(c.userNamespaces)}`,
    `strace ${yes(c.strace)}`,
    `Docker with an ubuntu image ${yes(c.docker)}`,
  ].filter((x) => x !== null).join(', ');
}
