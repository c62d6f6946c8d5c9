import { constants } from 'node:os';
import { parseStrace, type StraceEvent, type SyscallRecord } from '../../errno/strace/index.ts';
import type { AgentReply } from './reply.ts';
import { MARKER_DIR, MARKER_SYSCALL } from './script.ts';

/** What one command did, as the old per-command strace reported it. */
export interface AgentOutcome {
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly timedOut: boolean;
  readonly syscalls: readonly SyscallRecord[];
}

/** The watchdog status the helper reports when it killed the command at its timeout (script.ts). */
const WATCHDOG_FIRED = 9;

/**
 * Reads a reply: the trace lines between this command's begin and end markers, without the
 * agent's own (the pid that made the markers) and without the marker syscall; and the status.
 *
 * bash's `wait` gives 128+N both for `exit 128+N` and for a death by signal N; the agent's
 * SIGCHLD line in the trace (si_code=CLD_KILLED or CLD_DUMPED, si_status=SIGxxx) tells which.
 * A timed-out command reads as the old path's did: killed by SIGKILL, no exit code, timedOut.
 */
export function outcomeOf(reply: AgentReply): AgentOutcome {
  const lines = reply.trace.split('\n');
  const begin = lines.findIndex((l) => l.includes(`${MARKER_SYSCALL}("${MARKER_DIR}/begin-${reply.id}")`));
  const end = lines.findIndex((l, i) => i > begin && l.includes(`${MARKER_SYSCALL}("${MARKER_DIR}/end-${reply.id}")`));
  if (begin === -1 || end === -1) throw new Error(`the sandbox agent's trace lacks the markers of command ${reply.id}`);
  const agentPid = /^(\d+) /.exec(lines[begin] ?? '')?.[1];
  const own = (l: string): boolean => agentPid !== undefined && l.startsWith(`${agentPid} `) && !l.includes(' --- SIGCHLD ');
  const window = lines.slice(begin + 1, end).filter((l) => !own(l)).join('\n');
  const timedOut = reply.watchdogStatus === WATCHDOG_FIRED;
  const trace = parseStrace(window === '' ? '' : `${window}\n`, { allowCutShort: timedOut });
  const syscalls = trace.calls.filter((c) => c.name !== MARKER_SYSCALL);
  if (timedOut) return { exitCode: null, signal: 'SIGKILL', timedOut, syscalls };
  const signal = reply.waitStatus > 128 ? killedBy(trace.events, agentPid, reply.waitStatus - 128) : null;
  return { exitCode: signal === null ? reply.waitStatus : null, signal, timedOut, syscalls };
}

/** The signal that killed a child of the agent, when its SIGCHLD says signal number `n`. */
function killedBy(events: readonly StraceEvent[], agentPid: string | undefined, n: number): string | null {
  for (const e of events) {
    if (e.kind !== 'signal' || e.detail !== 'SIGCHLD' || String(e.pid) !== agentPid) continue;
    const m = /si_code=CLD_(?:KILLED|DUMPED),.* si_status=(SIG[A-Z0-9]+)/.exec(e.line);
    const name = m?.[1];
    if (name !== undefined && (constants.signals as Record<string, number>)[name] === n) return name;
  }
  return null;
}
