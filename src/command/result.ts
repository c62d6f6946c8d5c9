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

/**
 * The status part of a command result, the one wording every message uses: "exit code 1",
 * "killed by SIGKILL", "timed out after 5000 ms", or "did not start" (no exit code, no signal).
 */
export function describeStatus(r: Pick<CommandResult, 'exitCode' | 'signal' | 'timedOut' | 'durationMs'>): string {
  if (r.timedOut) return `timed out after ${Math.round(r.durationMs)} ms`;
  if (r.signal !== null) return `killed by ${r.signal}`;
  if (r.exitCode === null) return 'did not start';
  return `exit code ${r.exitCode}`;
}
