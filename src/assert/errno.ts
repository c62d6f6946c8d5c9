import type { MatcherContext, SyncExpectationResult } from 'expect';
import { callsOf, callsOn, type SyscallRecord } from '../errno/strace/index.ts';
import { failingSyscall } from '../errno/failing-syscall.ts';
import { ERRNO_TABLE, type ErrnoName } from '../errno/table.ts';
import { describeCommand } from './describe-run.ts';
import { notWord } from './explain.ts';
import type { ScenarioCommand } from '../scenario/scenario-command.ts';

export function toSucceed(this: MatcherContext, run: ScenarioCommand, history: string): SyncExpectationResult {
  const pass = !run.failed;
  return { pass, message: () => `expected \`${run.command}\` ${notWord(this.isNot)}to succeed.\n${describeCommand(run)}\n${history}` };
}

/** The command failed, and the syscall that made it fail (see failingSyscall) returned this errno. */
export function toFailWithErrno(this: MatcherContext, run: ScenarioCommand, errno: ErrnoName, history: string): SyncExpectationResult {
  const failure = failingSyscall(run.syscalls);
  const pass = run.failed && failure?.errno === errno;
  const expected = `${errno} (${ERRNO_TABLE[errno].message})`;
  const saw = !run.failed ? 'it succeeded' : failure === undefined ? 'it failed, but none of its traced syscalls failed' : `its last failing syscall was:\n    ${failure.line}`;
  return { pass, message: () => `expected \`${run.command}\` ${notWord(this.isNot)}to fail with ${expected}; ${saw}\n${describeCommand(run)}\n${history}` };
}

/** The last call of `syscall` in the run failed with `errno`, or succeeded when errno is null. */
export function toHaveSyscallOutcome(this: MatcherContext, run: ScenarioCommand, syscall: string, errno: ErrnoName | null, history: string): SyncExpectationResult {
  const calls = callsOf(run.syscalls, syscall);
  const { pass, expected, saw } = lastOutcome(calls, errno, `${syscall} calls`, `\`${run.command}\` made no ${syscall} call`);
  return { pass, message: () => `expected the last ${syscall} syscall of \`${run.command}\` ${notWord(this.isNot)}${expected}; ${saw}\n${describeCommand(run)}\n${history}` };
}

/**
 * The last call of `syscall` with `path` as one of its arguments (decoded, exact: see namesPath)
 * failed with `errno`, or succeeded when errno is null.
 */
export function toHaveSyscallOutcomeOn(this: MatcherContext, run: ScenarioCommand, syscall: string, path: string, errno: ErrnoName | null, history: string): SyncExpectationResult {
  const calls = callsOn(run.syscalls, syscall, path);
  const none = `\`${run.command}\` made no ${syscall} call on ${path} (is ${syscall} traced? add "tracing ${syscall} too")`;
  const { pass, expected, saw } = lastOutcome(calls, errno, `${syscall} calls on ${path}`, none);
  return { pass, message: () => `expected the last ${syscall} syscall on ${path} ${notWord(this.isNot)}${expected}; ${saw}\n${describeCommand(run)}\n${history}` };
}

/** The calls a syscall step looked at, as strace showed them: attached to the report as evidence. */
export function syscallEvidence(run: ScenarioCommand, syscall: string, path?: string): string {
  const calls = path === undefined ? callsOf(run.syscalls, syscall) : callsOn(run.syscalls, syscall, path);
  const which = path === undefined ? `${syscall} calls` : `${syscall} calls on ${path}`;
  return `strace: the ${which} of \`${run.command}\` (the last one is checked):\n${calls.map((c) => `  ${c.line}`).join('\n')}`;
}

function lastOutcome(calls: readonly SyscallRecord[], errno: ErrnoName | null, which: string, none: string): { pass: boolean; expected: string; saw: string } {
  const last = calls.at(-1);
  return {
    pass: last !== undefined && (errno === null ? !last.failed : last.errno === errno),
    expected: errno === null ? 'to succeed' : `to fail with ${errno} (${ERRNO_TABLE[errno].message})`,
    saw: last === undefined ? none : `its ${which} were:\n${calls.map((c) => `    ${c.line}`).join('\n')}`,
  };
}
