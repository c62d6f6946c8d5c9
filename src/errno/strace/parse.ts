import { decodeArgs, lexArgs } from './args.ts';
import { StraceCutShortError, type StraceEvent, type StraceTrace, type SyscallRecord } from './trace.ts';

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
 *
 * Two signs that strace stopped before the trace was complete make parseStrace throw
 * (StraceCutShortError): a last line without its newline (strace writes whole lines), and a call
 * left `<unfinished ...>` that no `<... resumed>` line ends (strace prints the resumed half even
 * when the process dies inside the call, as `= ?`). Lines of any other shape are not dropped but
 * returned in `unrecognised`.
 */

export interface ParseOptions {
  /**
   * Return a trace cut short (see StraceCutShortError) instead of throwing: for a command that
   * was killed on a timeout, strace with it. Its unfinished calls then read as returned "?".
   */
  readonly allowCutShort?: boolean;
  /**
   * strace let go of processes that go on running (attached with -p, detached by SIGINT): a call
   * left unfinished at the end was still running when it let go (a daemon's thread inside
   * unlinkat, say), not a sign of a trace cut short. It reads as returned "?". A last line without
   * its newline still is one.
   */
  readonly detached?: boolean;
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
  readonly lineNo: number;
}

export function parseStrace(text: string, options: ParseOptions = {}): StraceTrace {
  // Records keep the order of syscall entry: an unfinished call reserves its slot until resumed.
  const slots: (SyscallRecord | undefined)[] = [];
  const events: StraceEvent[] = [];
  const unrecognised: string[] = [];
  const cutShort: string[] = [];
  const pending = new Map<number | null, Pending>();

  // A call body without pid prefix: complete, or unfinished (then parked until its pid resumes it).
  const takeCall = (pid: number | null, prefix: string, body: string, line: string, lineNo: number, slot: number | undefined): boolean => {
    const call = CALL.exec(body);
    if (call === null) return false;
    const name = call[1] ?? '';
    const open = name.length;
    const lexed = lexArgs(body, open + 1);
    if (lexed === undefined) return false;
    if (lexed.end === -1) {
      if (!body.endsWith(UNFINISHED)) return false;
      const reserved = slot ?? slots.push(undefined) - 1;
      const previous = pending.get(pid);
      if (previous !== undefined && previous.slot !== reserved) {
        slots[previous.slot] = incomplete(previous);
        cutShort.push(neverResumed(previous));
      }
      pending.set(pid, { slot: reserved, pid, prefix, head: body.slice(0, -UNFINISHED.length), line, lineNo });
      return true;
    }
    const result = RESULT.exec(body.slice(lexed.end + 1).trimStart());
    if (result === null) return false;
    const returned = result[1] ?? '';
    const errno = result[2] ?? null;
    const args = body.slice(open + 1, lexed.end);
    const record: SyscallRecord = {
      pid,
      name,
      args,
      decodedArgs: decodeArgs(args),
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

  const lines = text.split('\n');
  // strace writes whole lines: a last line without its newline is one it never finished.
  const cutLine = lines.pop() ?? '';
  if (cutLine.trim() !== '') {
    cutShort.push(`line ${lines.length + 1} has no end (strace stopped while writing it): ${cutLine}`);
    unrecognised.push(cutLine);
  }

  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const line = raw.replace(/\s+$/, '');
    if (line === '') return;
    const m = PREFIX.exec(line);
    const prefix = m?.[0] ?? '';
    const pidText = m?.[1] ?? m?.[2];
    const pid = pidText === undefined ? null : Number(pidText);
    const body = line.slice(prefix.length);

    const event = parseEvent(pid, body, line);
    if (event !== undefined) {
      events.push(event);
      return;
    }

    const resumed = RESUMED.exec(body);
    if (resumed !== null) {
      const name = resumed[1] ?? '';
      let tail = body.slice(resumed[0].length);
      const parked = pending.get(pid);
      if (parked === undefined) {
        // Resumed without its start (strace attached, with -p, while the call was running): keep what there is.
        if (!takeCall(pid, prefix, `${name}(${tail}`, line, lineNo, undefined)) unrecognised.push(line);
        return;
      }
      pending.delete(pid);
      if (parked.head.endsWith(' ') && tail.startsWith(' ')) tail = tail.slice(1);
      const joined = parked.head + tail;
      if (!takeCall(pid, parked.prefix, joined, parked.prefix + joined, lineNo, parked.slot)) {
        slots[parked.slot] = incomplete(parked);
        unrecognised.push(line);
      }
      return;
    }

    if (!takeCall(pid, prefix, body, line, lineNo, undefined)) unrecognised.push(line);
  });

  // strace always writes the resumed half, `= ?` when the process died inside the call: a call
  // still unfinished here means strace stopped first (or, detached, that the call outlived it).
  for (const parked of pending.values()) {
    slots[parked.slot] = incomplete(parked);
    if (options.detached !== true) cutShort.push(neverResumed(parked));
  }
  if (cutShort.length > 0 && options.allowCutShort !== true) throw new StraceCutShortError(cutShort);

  return {
    calls: slots.filter((r): r is SyscallRecord => r !== undefined),
    events,
    unrecognised,
    cutShort,
  };
}

function neverResumed(p: Pending): string {
  return `line ${p.lineNo}: a call left <unfinished ...> that no later line resumes: ${p.line}`;
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
  const args = p.head.slice(name.length + 1).trimEnd();
  return {
    pid: p.pid,
    name,
    args,
    decodedArgs: decodeArgs(args),
    returned: '?',
    errno: null,
    errnoMessage: null,
    failed: false,
    line: p.line,
  };
}
