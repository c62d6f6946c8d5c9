/** MOUNTLAB_KEEP: leave a VM running when the run ends, and say how to reach it. */

export const KEEP_ENV = 'MOUNTLAB_KEEP';

/** MOUNTLAB_KEEP=1 or true. */
export function keepFromEnv(env: NodeJS.ProcessEnv): boolean {
  const v = env[KEEP_ENV];
  return v === '1' || v === 'true';
}

export interface KeptVm {
  /** What was left, e.g. "qemu pid 1234". */
  readonly what: string;
  /** A command that reaches it. */
  readonly reach: string;
  /** A command that ends it. */
  readonly remove: string;
  /** Where its files are, if anywhere in particular. */
  readonly files?: string;
}

/** The one "kept" sentence every VM driver prints (Machine.stop writes it to stderr). */
export function keptMessage(vm: KeptVm): string {
  const files = vm.files === undefined ? '' : ` (its files: ${vm.files})`;
  return `lab VM left running (${vm.what}): reach it with: ${vm.reach}; remove it with: ${vm.remove}${files}`;
}
