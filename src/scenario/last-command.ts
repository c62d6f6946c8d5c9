import type { ErrnoName } from '../errno/table.ts';
import type { Capabilities } from '../machine/capabilities.ts';
import type { KernelVersion } from '../kernel/version.ts';
import { expect } from '../assert/matchers.ts';
import { syscallEvidence } from '../assert/errno.ts';
import { describeCommand } from '../assert/describe-run.ts';
import { kernelBranch } from '../runtime/kernel-branch.ts';
import type { CommandLog, ScenarioCommand } from './scenario-command.ts';

/**
 * Expectations about the scenario's last command. Those about its outcome (succeeded, failed,
 * an errno, a syscall's result) mark it checked; every failure message carries the history.
 * Methods that return text return the evidence a step attaches to the report.
 */
export class LastCommand {
  readonly command: ScenarioCommand;

  constructor(private readonly log: CommandLog) {
    this.command = log.last;
  }

  expectSucceeded(): void {
    expect(this.checked()).toSucceed(this.log.history());
  }

  expectFailed(): void {
    expect(this.checked()).not.toSucceed(this.log.history());
  }

  expectErrno(errno: ErrnoName): void {
    expect(this.checked()).toFailWithErrno(errno, this.log.history());
  }

  /**
   * Errno before `before`, success from `from`, whichever applies to this kernel. Which one and
   * why goes to `explain` first, so the report has it when the expectation fails too.
   */
  expectOnKernel(c: Capabilities, errno: ErrnoName, before: KernelVersion, from: KernelVersion, explain: (why: string) => void): void {
    const branch = kernelBranch(c.kernel, c.kernelRelease, before, from, errno);
    explain(branch.explanation);
    if (branch.expectSuccess) this.expectSucceeded();
    else this.expectErrno(errno);
  }

  /** The last call of `syscall` (on `path`, when given) failed with errno, or succeeded when null. */
  expectSyscall(syscall: string, errno: ErrnoName | null, path?: string): string {
    const run = this.checked();
    if (path === undefined) expect(run).toHaveSyscallOutcome(syscall, errno, this.log.history());
    else expect(run).toHaveSyscallOutcomeOn(syscall, path, errno, this.log.history());
    return syscallEvidence(run, syscall, path);
  }

  /** The last command made `count` calls of `syscall` (exactly, or at least); returns them as evidence. */
  expectCalls(count: number, syscall: string, how: 'exactly' | 'at least'): string {
    const run = this.command;
    const calls = run.syscalls.filter((s) => s.name === syscall);
    const failed = calls.filter((s) => s.failed).length;
    const evidence = `\`${run.command}\` made ${calls.length} ${syscall} syscalls (${failed} failed):\n${calls.map((c) => c.line).join('\n')}`;
    if (how === 'exactly' ? calls.length !== count : calls.length < count) {
      throw new Error(`expected \`${run.command}\` to make ${how} ${count} ${syscall} syscalls; it made ${calls.length}.\n${evidence}\n${this.log.history()}`);
    }
    return evidence;
  }

  /** stdout and stderr together contain `text` (or, with present false, do not). */
  expectOutputContains(text: string, present = true): void {
    const run = this.command;
    if ((run.stdout + run.stderr).includes(text) === present) return;
    throw new Error(`expected the output of \`${run.command}\` ${present ? '' : 'not '}to contain ${JSON.stringify(text)}.\n${describeCommand(run)}`);
  }

  /** stdout and stderr are both empty (or, with empty false, not both). */
  expectOutputEmpty(empty = true): void {
    const run = this.command;
    if ((run.stdout + run.stderr === '') === empty) return;
    throw new Error(`expected \`${run.command}\` to print ${empty ? 'nothing' : 'something; it printed nothing'}.\n${describeCommand(run)}`);
  }

  private checked(): ScenarioCommand {
    this.log.markChecked(this.command);
    return this.command;
  }
}
