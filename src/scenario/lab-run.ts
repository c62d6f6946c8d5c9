import { describeStatus } from '../command/result.ts';
import type { TracedRun } from '../sandbox/sandbox.ts';

/**
 * One command of a scenario, wherever it ran: the scenario's host namespace ("host") or a window
 * (its name; stdout then holds all the terminal showed), with the syscalls strace saw.
 */
export type LabRun = TracedRun;

export function promptFor(where: string): string {
  return where === 'host' ? 'host#' : `${where}#`;
}

/** The commands of a scenario so far, as a person would have typed them, for failure messages. */
export function formatHistory(runs: readonly LabRun[]): string {
  if (runs.length === 0) return 'Commands run so far: none';
  const lines = runs.map((r) => {
    const command = r.command.includes('\n') ? r.command.replace(/\n/g, '\n      ') : r.command;
    return `  ${promptFor(r.where)} ${command}    (${describeStatus(r)})`;
  });
  return `Commands run so far:\n${lines.join('\n')}`;
}
