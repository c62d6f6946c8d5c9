/** One command's outcome (a command result), whatever the target or transport (execa's shape). */
export interface CommandResult {
  /** The command as a person would type it (argv joined with shell quoting, or the script). */
  readonly command: string;
  /** null when the process was ended by a signal or never started. */
  readonly exitCode: number | null;
  /** e.g. "SIGKILL"; null when the process exited by itself. */
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
  /** exitCode !== 0, or ended by a signal, or timed out. */
  readonly failed: boolean;
  readonly timedOut: boolean;
}

export function describeResult(r: CommandResult): string {
  const status = r.timedOut
    ? 'timed out'
    : r.signal !== null
      ? `killed by ${r.signal}`
      : `exit code ${String(r.exitCode)}`;
  const lines = [`$ ${r.command}`, `  → ${status} after ${Math.round(r.durationMs)} ms`];
  if (r.stdout !== '') lines.push(indent('stdout', r.stdout));
  if (r.stderr !== '') lines.push(indent('stderr', r.stderr));
  return lines.join('\n');
}

function indent(label: string, text: string): string {
  const body = text.replace(/\n$/, '').split('\n').map((l) => `    ${l}`).join('\n');
  return `  ${label}:\n${body}`;
}
