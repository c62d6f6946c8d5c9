import type { CommandResult } from '../command/result.ts';
import { outputCapFromEnv } from '../command/output-cap.ts';

export interface ExecOptions {
  /** Text written to the command's standard input, then closed. */
  readonly stdin?: string;
  /** Ends the command (SIGKILL) after this long; the result says timedOut. */
  readonly timeoutMs?: number;
  /** Bytes kept of stdout and of stderr each; the rest is read and dropped, with a note. */
  readonly outputCapBytes?: number;
}

export interface PtyOptions {
  readonly cols?: number;
  readonly rows?: number;
  readonly env?: Readonly<Record<string, string>>;
}

/** An interactive terminal session: what a person sees in "another window". */
export interface PtyChannel {
  write(data: string): void;
  /** Called with every chunk the terminal prints, in order. */
  onData(listener: (chunk: string) => void): void;
  onExit(listener: (exitCode: number | null) => void): void;
  /** Ends the session (hangs up the terminal). */
  close(): void;
}

/**
 * How commands reach a machine: a local process, an ssh2 connection. A transport knows nothing
 * of namespaces or experiments; the sandbox builds those on top of it.
 */
export interface Transport {
  /** e.g. "local", "ssh vagrant@127.0.0.1:2222". */
  readonly description: string;
  /** True once the machine stopped answering (connection closed, VM died); absent: never lost. */
  readonly lost?: boolean;
  /** Runs argv with no shell in between (a remote transport quotes it for the remote shell). */
  exec(argv: readonly string[], options?: ExecOptions): Promise<CommandResult>;
  openPty(argv: readonly string[], options?: PtyOptions): Promise<PtyChannel>;
  readFile(path: string): Promise<string>;
  /** Ends every command still running (for an interrupt); returns how many there were. */
  killRunning?(): number;
  close(): Promise<void>;
}

/** Thrown when the machine behind a transport stops answering (VM died, connection lost). */
export class TargetLostError extends Error {
  override readonly name = 'TargetLostError';
}

/** The output cap for one exec: the caller's, else MOUNTLAB_OUTPUT_CAP_BYTES, else the default. */
export function execOutputCap(options: ExecOptions): number {
  return options.outputCapBytes ?? outputCapFromEnv(process.env);
}
