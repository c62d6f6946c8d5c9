import type { ErrnoName } from './table.ts';

/**
 * Parsing of what `strace -f -qq -e signal=none -e trace=<list> -o FILE cmd` writes, so a scenario can
 * assert on the errno a syscall really returned instead of on a tool's error message.
 *
 * Accepted line shapes (each with a `1234  ` pid prefix under -f, a `[pid  1234] ` prefix when -f output
 * goes to stderr instead of -o, or no prefix without -f):
 *   mount("/tmp/a", "/tmp/b", NULL, MS_BIND, NULL) = 0
 *   rmdir("/tmp/q")                   = -1 EBUSY (Device or resource busy)
 *   mount("none", "/tmp/t", "tmpfs", 0, "size=1m,mode=0755,uid=0,gid=0,nr"... <unfinished ...>
 *   <... mount resumed>)              = 0
 *   exit_group(1)                     = ?
 *   <... clock_nanosleep resumed> <unfinished ...>) = ?      (the process died inside the call)
 *   +++ exited with 1 +++   +++ killed by SIGKILL +++   --- SIGCHLD {...} ---   (events, not records)
 * Timestamps (-t, -tt, -r) and durations (-T) are not supported; mountlab does not ask for them.
 */

/** An errno as strace printed it: one of ERRNO_TABLE's names (offered by editors), or any other name. */
export type StraceErrno = ErrnoName | (string & Record<never, never>);

export interface SyscallRecord {
  /** null when strace ran without -f (no pid column). */
  readonly pid: number | null;
  readonly name: string;
  /** The argument text between the call's parentheses, exactly as strace printed it. */
  readonly args: string;
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

export interface StraceLog {
  readonly records: readonly SyscallRecord[];
  readonly events: readonly StraceEvent[];
  /** Non-empty lines that are none of the above (e.g. a last line cut short when strace was killed). */
  readonly unrecognized: readonly string[];
}

/**
 * The syscalls mountlab traces: the mount API old and new, namespace switches, and the directory
 * operations that fail with EBUSY/EXDEV on mount points. Only names with an x86_64 syscall: there is no
 * `umount` there (only umount2), although strace accepts `umount` through its i386 personality.
 * Every name is accepted by strace 6.1, which does not yet know statmount/listmount/open_tree_attr.
 */
export const TRACED_SYSCALLS: readonly string[] = Object.freeze([
  'mount',
  'umount2',
  'move_mount',
  'open_tree',
  'fsopen',
  'fsconfig',
  'fsmount',
  'fspick',
  'mount_setattr',
  'pivot_root',
  'chroot',
  'unshare',
  'setns',
  'mkdir',
  'mkdirat',
  'rmdir',
  'unlink',
  'unlinkat',
  'rename',
  'renameat',
  'renameat2',
]);

/** argv for running `command` under strace, writing the trace mountlab parses to `outputFile`. */
export function straceArgv(
  outputFile: string,
  command: readonly string[],
  syscalls: readonly string[] = TRACED_SYSCALLS,
): string[] {
  return ['strace', '-f', '-qq', '-e', 'signal=none', '-e', `trace=${syscalls.join(',')}`, '-o', outputFile, ...command];
}

export function parseStrace(text: string): SyscallRecord[] {
  return [...parseStraceLog(text).records];
}

const PREFIX = /^(?:(\d+) +|\[pid +(\d+)\] +)?/;
const CALL = /^([A-Za-z_][A-Za-z0-9_]*)\(/;
const RESUMED = /^<\.\.\. ([A-Za-z_][A-Za-z0-9_]*) resumed>/;
const UNFINISHED = ' <unfinished ...>';
const EXITED = /^\+\+\+ exited with (-?\d+) \+\+\+$/;
const KILLED = /^\+\+\+ killed by (\S+)(?: \(core dumped\))? \+\+\+$/;
const SIGNAL = /^--- (?:stopped by )?(\S+).* ---$/;
const RESULT = /^=\s*(\S+)(?:\s+([A-Z][A-Z0-9_]*)\s+\(([^)]*)\))?/;

interface Pending {
  readonly slot: number;
  readonly pid: number | null;
  readonly prefix: string;
  /** The call text so far, without the unfinished marker, e.g. `wait4(-1, `. */
  readonly head: string;
  readonly line: string;
}

export function parseStraceLog(text: string): StraceLog {
  // Records keep the order of syscall entry: an unfinished call reserves its slot until resumed.
  const slots: (SyscallRecord | undefined)[] = [];
  const events: StraceEvent[] = [];
  const unrecognized: string[] = [];
  const pending = new Map<number | null, Pending>();

  // A call body without pid prefix: complete, or unfinished (then parked until its pid resumes it).
  const takeCall = (pid: number | null, prefix: string, body: string, line: string, slot: number | undefined): boolean => {
    const call = CALL.exec(body);
    if (call === null) return false;
    const name = call[1] ?? '';
    const open = name.length;
    const close = closingParen(body, open + 1);
    if (close === -1) {
      if (!body.endsWith(UNFINISHED)) return false;
      const reserved = slot ?? slots.push(undefined) - 1;
      const previous = pending.get(pid);
      if (previous !== undefined && previous.slot !== reserved) slots[previous.slot] = incomplete(previous);
      pending.set(pid, { slot: reserved, pid, prefix, head: body.slice(0, -UNFINISHED.length), line });
      return true;
    }
    const result = RESULT.exec(body.slice(close + 1).trimStart());
    if (result === null) return false;
    const returned = result[1] ?? '';
    const errno = result[2] ?? null;
    const record: SyscallRecord = {
      pid,
      name,
      args: body.slice(open + 1, close),
      returned,
      errno,
      errnoMessage: result[3] ?? null,
      failed: returned === '-1' && errno !== null,
      line,
    };
    if (slot === undefined) slots.push(record);
    else slots[slot] = record;
    return true;
  };

  for (const raw of text.split('\n')) {
    const line = raw.replace(/\s+$/, '');
    if (line === '') continue;
    const m = PREFIX.exec(line);
    const prefix = m?.[0] ?? '';
    const pidText = m?.[1] ?? m?.[2];
    const pid = pidText === undefined ? null : Number(pidText);
    const body = line.slice(prefix.length);

    const event = parseEvent(pid, body, line);
    if (event !== undefined) {
      events.push(event);
      continue;
    }

    const resumed = RESUMED.exec(body);
    if (resumed !== null) {
      const name = resumed[1] ?? '';
      let tail = body.slice(resumed[0].length);
      const parked = pending.get(pid);
      if (parked === undefined) {
        // Resumed without its start (trace begun mid-call): keep what there is.
        if (!takeCall(pid, prefix, `${name}(${tail}`, line, undefined)) unrecognized.push(line);
        continue;
      }
      pending.delete(pid);
      if (parked.head.endsWith(' ') && tail.startsWith(' ')) tail = tail.slice(1);
      const joined = parked.head + tail;
      if (!takeCall(pid, parked.prefix, joined, parked.prefix + joined, parked.slot)) {
        slots[parked.slot] = incomplete(parked);
        unrecognized.push(line);
      }
      continue;
    }

    if (!takeCall(pid, prefix, body, line, undefined)) unrecognized.push(line);
  }

  // Calls still unfinished when the trace ended: the process died (or strace stopped) inside them.
  for (const parked of pending.values()) slots[parked.slot] = incomplete(parked);

  return {
    records: slots.filter((r): r is SyscallRecord => r !== undefined),
    events,
    unrecognized,
  };
}

function parseEvent(pid: number | null, body: string, line: string): StraceEvent | undefined {
  let m = EXITED.exec(body);
  if (m !== null) return { pid, kind: 'exited', detail: m[1] ?? '', line };
  m = KILLED.exec(body);
  if (m !== null) return { pid, kind: 'killed', detail: m[1] ?? '', line };
  m = SIGNAL.exec(body);
  if (m !== null) return { pid, kind: 'signal', detail: m[1] ?? '', line };
  if (body.startsWith('strace: ')) return { pid, kind: 'message', detail: body.slice('strace: '.length), line };
  return undefined;
}

function incomplete(p: Pending): SyscallRecord {
  const call = CALL.exec(p.head);
  const name = call?.[1] ?? '';
  return {
    pid: p.pid,
    name,
    args: p.head.slice(name.length + 1).trimEnd(),
    returned: '?',
    errno: null,
    errnoMessage: null,
    failed: false,
    line: p.line,
  };
}

/**
 * Index of the `)` closing the call whose arguments start at `from`, or -1. Skips "strings" (with
 * backslash escapes) and nested (), [], {} — strace prints structs, arrays and macros like
 * WIFEXITED(s) inside arguments.
 */
function closingParen(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    } else if (c === '(' || c === '[' || c === '{') {
      depth++;
    } else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) return c === ')' ? i : -1;
      depth--;
    }
  }
  return -1;
}

/** The argument text split at top-level commas: `"a, b", [1, 2], NULL` → three arguments. */
export function splitArgs(args: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < args.length; i++) {
    const c = args[i];
    if (c === '"') {
      i++;
      while (i < args.length && args[i] !== '"') i += args[i] === '\\' ? 2 : 1;
    } else if (c === '(' || c === '[' || c === '{') {
      depth++;
    } else if (c === ')' || c === ']' || c === '}') {
      depth--;
    } else if (c === ',' && depth === 0) {
      out.push(args.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = args.slice(start).trim();
  if (last !== '' || out.length > 0) out.push(last);
  return out;
}

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = { t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

/**
 * The bytes of one strace string argument (`"a\tb\303\251"`, possibly truncated: `"abc"...`) as UTF-8
 * text, or undefined when the argument is not a string (NULL, 0x55..., a flag set).
 */
export function decodeStraceString(arg: string): { readonly value: string; readonly truncated: boolean } | undefined {
  const m = /^"((?:[^"\\]|\\.)*)"(\.\.\.)?$/s.exec(arg.trim());
  if (m === null) return undefined;
  const body = m[1] ?? '';
  const bytes: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i] ?? '';
    if (c !== '\\') {
      const code = body.codePointAt(i) ?? 0;
      if (code > 0xffff) i++;
      bytes.push(...Buffer.from(String.fromCodePoint(code), 'utf8'));
      continue;
    }
    const next = body[i + 1] ?? '';
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      bytes.push(simple);
      i++;
    } else if (next === 'x') {
      const hex = /^[0-9a-fA-F]{1,2}/.exec(body.slice(i + 2))?.[0] ?? '';
      bytes.push(parseInt(hex || '0', 16));
      i += 1 + hex.length;
    } else {
      const octal = /^[0-7]{1,3}/.exec(body.slice(i + 1))?.[0];
      if (octal === undefined) {
        bytes.push(...Buffer.from(next, 'utf8'));
        i++;
      } else {
        bytes.push(parseInt(octal, 8) & 0xff);
        i += octal.length;
      }
    }
  }
  return { value: Buffer.from(bytes).toString('utf8'), truncated: m[2] !== undefined };
}

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
