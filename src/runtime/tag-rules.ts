import type { Capabilities } from '../machine/capabilities.ts';
import { formatKernelVersion, isAtLeast, parseKernelVersion } from '../kernel/version.ts';

/**
 * Tags that make a scenario depend on the machine. Returns why the scenario cannot run here, or
 * undefined when it can. Unknown @requires-… tags are an error, so a typo never skips silently.
 */
export function skipReason(tags: readonly string[], c: Capabilities): string | undefined {
  for (const tag of tags) {
    if (isRootNamespaceTag(tag)) {
      if (!c.vm) return `${tag}: changes the machine's own root namespace, so it runs only on the lab VM (--target qemu or vagrant), which is reset afterwards`;
      continue;
    }
    const kernel = /^@kernel>=(.+)$/.exec(tag);
    if (kernel?.[1] !== undefined) {
      const needed = parseKernelVersion(kernel[1]);
      if (!isAtLeast(c.kernel, needed)) return `${tag}: needs Linux ${formatKernelVersion(needed)} or later; this target runs ${c.kernelRelease}`;
      continue;
    }
    const requirement = /^@requires-(.+)$/.exec(tag)?.[1];
    if (requirement === undefined) continue;
    const check = REQUIREMENTS[requirement];
    if (check === undefined) {
      throw new Error(`unknown tag ${tag}: mountlab knows ${Object.keys(REQUIREMENTS).map((r) => `@requires-${r}`).join(', ')} and @kernel>=X.Y`);
    }
    if (!check.met(c)) return `${tag}: ${check.why}`;
  }
  return undefined;
}

/** Runs the scenario in the lab VM's root namespace instead of a sandbox; the VM is reset after it. */
export const ROOT_NAMESPACE_TAG = '@root-namespace';
/** The old name of ROOT_NAMESPACE_TAG, still accepted. */
const ROOT_NAMESPACE_ALIAS = '@host-namespace';

export function isRootNamespaceTag(tag: string): boolean {
  return tag === ROOT_NAMESPACE_TAG || tag === ROOT_NAMESPACE_ALIAS;
}

const REQUIREMENTS: Readonly<Record<string, { met: (c: Capabilities) => boolean; why: string }>> = {
  vm: { met: (c) => c.vm, why: 'needs the lab VM (run with --target qemu or vagrant)' },
  apparmor: { met: (c) => c.apparmor, why: 'AppArmor is not enabled on this target' },
  systemd: { met: (c) => c.systemd, why: 'PID 1 of this target is not systemd' },
  userns: { met: (c) => c.userNamespaces, why: 'user namespaces are disabled on this target' },
  docker: {
    met: (c) => c.docker,
    why: 'no Docker daemon with an ubuntu:latest image on this target (the lab image has docker.io and imports one at first boot: rebuild it with lab/image/build.sh if it predates that)',
  },
};
