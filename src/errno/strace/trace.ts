/** What a parsed strace trace holds: its calls, its events, and what did not parse. */
import type { ErrnoName } from '../table.ts';
import type { StraceArg } from './args.ts';

/** An errno as strace printed it: one of ERRNO_TABLE's names (offered by editors), or any other name. */
export type StraceErrno = ErrnoName | (string & Record<never, never>);

export interface SyscallRecord {
  /** null when strace ran without -f (no pid column). */
  readonly pid: number | null;
  readonly name: string;
  /** The argument text between the call's parentheses, exactly as strace printed it. */
  readonly args: string;
  /** The same arguments split and decoded (args.ts): paths are matched against these. */
  readonly decodedArgs: readonly StraceArg[];
  /** "0", "-1", "?", "5745", "0x7f..." ... "?" also for a call that never finished in the trace. */
  readonly returned: string;
  /** EBUSY...; also names outside ERRNO_TABLE, e.g. kernel-internal ERESTARTSYS (then `returned` is "?"). */
  readonly errno: StraceErrno | null;
  /** strace's text in parentheses after the errno, e.g. "Device or resource busy". */
  readonly errnoMessage: string | null;
  /** The call returned -1 with an errno. */
  readonly failed: boolean;
  /** The whole call on one line (an unfinished/resumed pair joined), pid prefix included, for messages. */
  readonly line: string;
}

export interface StraceEvent {
  readonly pid: number | null;
  /** exited: `+++ exited with N +++`; killed: `+++ killed by SIG +++`; signal: `--- ... ---`; message: `strace: ...`. */
  readonly kind: 'exited' | 'killed' | 'signal' | 'message';
  /** exit status for exited, signal name for killed and signal, the text for message. */
  readonly detail: string;
  readonly line: string;
}

export interface StraceTrace {
  /** Every call, in order of syscall entry (an unfinished/resumed pair joined into one). */
  readonly calls: readonly SyscallRecord[];
  readonly events: readonly StraceEvent[];
  /** Non-empty lines that are none of the above, as they were: kept for the reader, never guessed at. */
  readonly unrecognised: readonly string[];
  /** Why the trace is incomplete; always empty unless parseStrace was told to allow it. */
  readonly cutShort: readonly string[];
}

/**
 * The trace ends in the middle of things: strace stopped (killed, disk full) before it finished
 * writing, so calls after that point are missing and the ones shown may lack their outcome.
 */
export class StraceCutShortError extends Error {
  override readonly name = 'StraceCutShortError';
  constructor(readonly reasons: readonly string[]) {
    super(`the strace output was cut short, so the syscalls it shows are not all the command made:\n  ${reasons.join('\n  ')}`);
  }
}
