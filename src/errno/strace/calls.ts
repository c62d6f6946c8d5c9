/** Picking calls out of a parsed trace: by syscall, by failure, by a path they name. */
import type { SyscallRecord } from './trace.ts';

/** Calls that returned -1 with an errno, optionally only those of one syscall, in trace order. */
export function failures(records: readonly SyscallRecord[], syscall?: string): SyscallRecord[] {
  return records.filter((r) => r.failed && (syscall === undefined || r.name === syscall));
}

export function lastFailure(records: readonly SyscallRecord[], syscall?: string): SyscallRecord | undefined {
  return failures(records, syscall).at(-1);
}

export function callsOf(records: readonly SyscallRecord[], syscall: string): SyscallRecord[] {
  return records.filter((r) => r.name === syscall);
}

/**
 * Whether one of the call's arguments is exactly `path`, decoded (escapes, spaces, UTF-8), whole
 * (not a string strace cut short). `/mnt` does not match `"/mnt2"` nor `"size=1m,/mnt"`; a relative
 * argument (`mkdir("q")`, as `mkdir -p` makes them) matches only the same relative path.
 */
export function namesPath(call: SyscallRecord, path: string): boolean {
  return call.decodedArgs.some((a) => a.text === path && a.truncated !== true);
}

/** The calls of `syscall` that name `path` (see namesPath), in trace order. */
export function callsOn(records: readonly SyscallRecord[], syscall: string, path: string): SyscallRecord[] {
  return callsOf(records, syscall).filter((r) => namesPath(r, path));
}
