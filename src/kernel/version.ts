/** A kernel version as `uname -r` starts: 6.1.0-27-amd64 → 6.1.0. */
export interface KernelVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

const RELEASE = /^(\d+)\.(\d+)(?:\.(\d+))?/;

export function parseKernelVersion(text: string): KernelVersion {
  const m = RELEASE.exec(text.trim());
  if (m === null) {
    throw new Error(`"${text}" is not a kernel version: expected MAJOR.MINOR[.PATCH], e.g. 3.18 or 6.1.0-27-amd64`);
  }
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0) };
}

export function compareKernelVersions(a: KernelVersion, b: KernelVersion): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

export function isAtLeast(kernel: KernelVersion, version: KernelVersion): boolean {
  return compareKernelVersions(kernel, version) >= 0;
}

export function formatKernelVersion(v: KernelVersion): string {
  return v.patch === 0 ? `${v.major}.${v.minor}` : `${v.major}.${v.minor}.${v.patch}`;
}
