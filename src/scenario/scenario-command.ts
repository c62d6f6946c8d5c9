import { describeStatus } from '../command/result.ts';
import type { TracedRun } from '../sandbox/sandbox.ts';
import { describeCommand } from '../assert/describe-run.ts';

/**
 * One command of a scenario, wherever it ran: the sandbox ("sandbox") or a window (its name;
 * stdout then holds all the terminal showed), with the syscalls strace saw.
 */
export type ScenarioCommand = TracedRun;

export function promptFor(where: string): string {
  return `${where}#`;
}

/** The commands of a scenario so far, as a person would have typed them, for failure messages. */
export function formatHistory(commands: readonly ScenarioCommand[]): string {
  if (commands.length === 0) return 'Commands run so far: none';
  const lines = commands.map((r) => {
    const command = r.command.includes('\n') ? r.command.replace(/\n/g, '\n      ') : r.command;
    return `  ${promptFor(r.where)} ${command}    (${describeStatus(r)})`;
  });
  return `Commands run so far:\n${lines.join('\n')}`;
}

/** The commands of one scenario, in order, and which of them a step has checked the outcome of. */
export class CommandLog {
  private readonly commands: ScenarioCommand[] = [];
  private readonly checked = new Set<ScenarioCommand>();

  get all(): readonly ScenarioCommand[] {
    return this.commands;
  }

  get last(): ScenarioCommand {
    const last = this.commands.at(-1);
    if (last === undefined) throw new Error('no command has been run yet in this scenario: add a step such as When I run "mount --bind /tmp/a /tmp/b"');
    return last;
  }

  record(command: ScenarioCommand): ScenarioCommand {
    this.commands.push(command);
    return command;
  }

  /** A step has looked at whether the command succeeded or how it failed. */
  markChecked(command: ScenarioCommand): void {
    this.checked.add(command);
  }

  /** The commands so far as failure messages show them. */
  history(): string {
    return formatHistory(this.commands);
  }

  /**
   * A command that failed and that no step checked: the scenario went on as if it had worked.
   * Returns the sentence to fail the scenario with, or undefined.
   */
  uncheckedFailure(): string | undefined {
    const run = this.commands.find((r) => r.failed && !this.checked.has(r));
    if (run === undefined) return undefined;
    return `\`${run.command}\` failed (${describeStatus(run)}) and no step checked it: add "Then it fails" or "Then it fails with E…" after it, or fix the command.\n${describeCommand(run)}\n${this.history()}`;
  }
}
