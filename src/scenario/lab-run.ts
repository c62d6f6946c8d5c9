import type { SyscallRecord } from '../errno/strace.ts';

/** One command of a scenario, wherever it ran: the scenario's host namespace or a window. */
export interface LabRun {
  readonly command: string;
  /** "host" or the window's name. */
  readonly where: string;
  readonly exitCode: number | null;
  readonly signal: string | null;
  /** In a window, stdout and stderr arrive mixed on the terminal: all of it is here. */
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
  readonly failed: boolean;
  readonly timedOut: boolean;
  /** The traced syscalls (see TRACED_SYSCALLS); null where the command was not traced. */
  readonly syscalls: readonly SyscallRecord[] | null;
}

export function promptFor(where: string): string {
  return where === 'host' ? 'host#' : `${where}#`;
}

/** The commands of a scenario so far, as a person would have typed them, for failure messages. */
export function formatHistory(runs: readonly LabRun[]): string {
  if (runs.length === 0) return 'Commands run so far: none';
  const lines = runs.map((r) => {
    const status = r.timedOut ? 'timed out' : r.signal !== null ? r.signal : `exit ${String(r.exitCode)}`;
    const command = r.command.includes('\n') ? r.command.replace(/\n/g, '\n      ') : r.command;
    return `  ${promptFor(r.where)} ${command}    (${status})`;
  });
  return `Commands run so far:\n${lines.join('\n')}`;
}
