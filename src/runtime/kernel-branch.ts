import { compareKernelVersions, formatKernelVersion, isAtLeast, type KernelVersion } from '../kernel/version.ts';

export interface KernelBranch {
  readonly expectSuccess: boolean;
  /** Which expectation applies on this kernel and why, for the report. */
  readonly explanation: string;
}

/** Picks the documented outcome for the running kernel: errno before `before`, success from `from`. */
export function kernelBranch(kernel: KernelVersion, release: string, before: KernelVersion, from: KernelVersion, errno: string): KernelBranch {
  if (compareKernelVersions(before, from) !== 0) {
    throw new Error(`"before ${formatKernelVersion(before)}" and "from ${formatKernelVersion(from)}" must name the same version: the kernel changed in one release`);
  }
  const expectSuccess = isAtLeast(kernel, from);
  const v = formatKernelVersion(from);
  const explanation = expectSuccess
    ? `kernel ${release} is ${v} or later: expecting success (the ${errno} outcome applies before ${v})`
    : `kernel ${release} is older than ${v}: expecting ${errno} (success applies from ${v})`;
  return { expectSuccess, explanation };
}
