import type { Transport } from '../transport/types.ts';

export type TargetName = 'local' | 'qemu' | 'vagrant' | 'ssh';
export const TARGET_NAMES: readonly TargetName[] = ['local', 'qemu', 'vagrant', 'ssh'];

/** Old names still accepted by --target, MOUNTLAB_TARGET and the cucumber profiles. */
export const TARGET_ALIASES: Readonly<Record<string, TargetName>> = { sandbox: 'local' };

/** A target name or alias, from `source` (named in the error), as the name it stands for. */
export function parseTargetName(text: string, source: string): TargetName {
  if ((TARGET_NAMES as readonly string[]).includes(text)) return text as TargetName;
  const alias = TARGET_ALIASES[text];
  if (alias !== undefined) return alias;
  throw new Error(`unknown target "${text}" (from ${source}): choose one of ${TARGET_NAMES.join(', ')}`);
}

/**
 * Where experiments run, provided by one driver (src/drivers/<name>/): this computer, a qemu
 * microVM, a Vagrant VM, an SSH host. A target brings the machine up, hands out a transport to it, and takes it down.
 */
export interface Target {
  readonly name: TargetName;
  /** Brings the machine up (boot, resume, connect) and returns a transport to it. */
  start(progress?: (line: string) => void): Promise<Transport>;
  /**
   * Puts the machine's root namespace back as it was after start (VM snapshot); used after
   * scenarios tagged @root-namespace. Targets that cannot reset say so by omitting it.
   */
  reset?(progress?: (line: string) => void): Promise<Transport>;
  /** A reset will follow the scenario that starts now: begin what the reset can do ahead (qemu: resume the next VM). */
  prepareReset?(): Promise<void>;
  /** Takes the machine down (or leaves it up when asked to keep it) and closes the transport. */
  stop(): Promise<void>;
  /** The lab image it runs, e.g. "mountlab-bookworm-6.1 (2026-11-23)"; absent or null: not ours. */
  imageDescription?(): string | null;
  /** Why the machine went away on its own (e.g. "lab VM (pid N) died: killed by SIGKILL; …"). */
  diedReason?(): string | undefined;
  /** After stop() with keep: how to reach the machine left running. */
  readonly keptMessage?: string | null;
}
