import { describeCommand } from '../assert/describe-run.ts';
import { failingSyscall } from '../errno/failing-syscall.ts';
import { pictureText, treePicture } from '../report/tree/index.ts';
import type { ScenarioCommand } from '../scenario/scenario-command.ts';
import type { LabelledTable, StepOutcome } from './session.ts';
import type { StepKind, WorkshopStep } from './scenario-at.ts';

const KEYWORD: Readonly<Record<StepKind, string>> = { Context: 'Given', Action: 'When', Outcome: 'Then' };

/** A step as the feature has it (its kind's keyword), with its doc string indented below. */
export function stepText(step: WorkshopStep, kind: StepKind): string {
  const doc = step.argument?.docString?.content;
  const rows = step.argument?.dataTable?.rows.map((r) => `      | ${r.cells.map((c) => c.value).join(' | ')} |`) ?? [];
  return [`${KEYWORD[kind]} ${step.text}`, ...(doc === undefined ? [] : doc.split('\n').map((l) => `      ${l}`)), ...rows].join('\n');
}

/** A command, what it printed, and the syscall that failed with its errno (from strace). */
export function commandText(run: ScenarioCommand): string {
  const failing = run.failed ? failingSyscall(run.syscalls) : undefined;
  const errno = failing === undefined ? [] : [`failing syscall: ${failing.name}(${failing.args}) = ${failing.returned} ${failing.errno ?? ''} (${failing.errnoMessage ?? ''})`];
  return [describeCommand(run), ...errno].join('\n');
}

/** A step's outcome: its commands, and whether it held (a Then) or why it failed. */
export function outcomeText(outcome: StepOutcome): string {
  const lines = outcome.commands.map(commandText);
  lines.push(outcome.error === undefined ? '✓ step passed' : `✗ step failed: ${outcome.error}`);
  return lines.join('\n');
}

/** The touched part of each namespace's tree; with `before`, the changes since then marked (+ − ~). */
export function treeText(after: readonly LabelledTable[], touched: readonly string[], before?: readonly LabelledTable[]): string {
  return pictureText(pictureOf(after, touched, before), { colour: process.stdout.isTTY });
}

/**
 * What a step changed: the trees with the changes marked, or one line saying nothing changed in
 * the touched part of any namespace (a namespace that was not there before, a new window, is a change).
 */
export function treeChange(after: readonly LabelledTable[], touched: readonly string[], before: readonly LabelledTable[]): string {
  const picture = pictureOf(after, touched, before);
  const changed = picture.columns.some((c) => c.rows.some((r) => r.change !== null)) || after.some((a) => !before.some((b) => b.label === a.label));
  return changed ? pictureText(picture, { colour: process.stdout.isTTY }) : '(no mount changed in the part of the tree this scenario touches)';
}

function pictureOf(after: readonly LabelledTable[], touched: readonly string[], before?: readonly LabelledTable[]) {
  return treePicture(after.map(({ label, table }) => {
    const earlier = before?.find((b) => b.label === label)?.table;
    return earlier === undefined ? { label, after: table } : { label, after: table, before: earlier };
  }), touched);
}
