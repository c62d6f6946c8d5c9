/**
 * Never leave a qemu behind: the PIDs of the qemu processes this Node process started are killed
 * when it exits or is ended by SIGINT, SIGTERM or SIGHUP. Only those PIDs, each with its own
 * clean-up (removing the run's overlay). The handlers are installed while at least one is tracked.
 */
import { rmSync } from 'node:fs';

interface Tracked {
  /** Removes what the run left on disk, synchronously (runs inside 'exit'). */
  readonly cleanup: () => void;
}

const tracked = new Map<number, Tracked>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function killAll(): void {
  for (const [pid, t] of tracked) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
    try {
      t.cleanup();
    } catch {
      // best effort while exiting
    }
  }
  tracked.clear();
}

function onExit(): void {
  killAll();
}

function onSignal(signal: NodeJS.Signals): void {
  killAll();
  uninstall();
  // We were the only listener: do what Node does without one (end the process by the signal).
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function install(): void {
  if (process.listenerCount('exit') > 0 && process.listeners('exit').includes(onExit)) return;
  process.on('exit', onExit);
  for (const s of SIGNALS) process.on(s, onSignal);
}

function uninstall(): void {
  process.removeListener('exit', onExit);
  for (const s of SIGNALS) process.removeListener(s, onSignal);
}

/** Kill `pid` (SIGKILL) and run `cleanup` if this process exits or is signalled before untrack(). */
export function trackQemu(pid: number, cleanup: () => void = () => undefined): void {
  tracked.set(pid, { cleanup });
  install();
}

export function untrackQemu(pid: number): void {
  tracked.delete(pid);
  if (tracked.size === 0) uninstall();
}

export function trackedQemuPids(): number[] {
  return [...tracked.keys()];
}

/** A cleanup that removes files or directories (ignores what is already gone). */
export function removing(...paths: string[]): () => void {
  return () => {
    for (const p of paths) rmSync(p, { recursive: true, force: true });
  };
}
