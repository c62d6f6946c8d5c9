import type { Transport } from '../transport/types.ts';
import type { KernelVersion } from '../kernel/version.ts';

export type TargetName = 'sandbox' | 'qemu' | 'vagrant' | 'ssh';
export const TARGET_NAMES: readonly TargetName[] = ['sandbox', 'qemu', 'vagrant', 'ssh'];

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
  /** e.g. "mountlab-bookworm-6.1 (2026-11-23)"; null on a host mountlab did not build. */
  readonly image: string | null;
}

/**
 * Where experiments run (Test Kitchen's driver): this host, a qemu microVM, a Vagrant VM, an SSH
 * host. A target brings the machine up, hands out a transport to it, and takes it down.
 */
export interface Target {
  readonly name: TargetName;
  /** Brings the machine up (boot, resume, connect) and returns a transport to it. */
  start(progress?: (line: string) => void): Promise<Transport>;
  /**
   * Puts the machine's root namespace back as it was after start (VM snapshot); used after
   * scenarios tagged @host-namespace. Targets that cannot reset say so by omitting it.
   */
  reset?(progress?: (line: string) => void): Promise<Transport>;
  /** Takes the machine down (or leaves it up when asked to keep it) and closes the transport. */
  stop(): Promise<void>;
  /** The lab image it runs, e.g. "mountlab-bookworm-6.1 (2026-11-23)"; absent or null: not ours. */
  imageDescription?(): string | null;
  /** Why the machine went away on its own (e.g. "lab VM (pid N) died: killed by SIGKILL; …"). */
  diedReason?(): string | undefined;
  /** After stop() with keep: how to reach the machine left running. */
  readonly keptMessage?: string | null;
}
