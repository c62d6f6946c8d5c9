import { describeStatus } from '../command/result.ts';
import type { ScenarioCommand } from '../scenario/scenario-command.ts';
import { promptFor } from '../scenario/scenario-command.ts';

export function describeCommand(run: ScenarioCommand): string {
  const parts = [`${promptFor(run.where)} ${run.command}  → ${describeStatus(run)}`];
  if (run.stdout.trim() !== '') parts.push(`stdout:\n${indent(run.stdout)}`);
  if (run.stderr.trim() !== '') parts.push(`stderr:\n${indent(run.stderr)}`);
  return parts.join('\n');
}

function indent(text: string): string {
  return text.replace(/\n$/, '').split('\n').map((l) => `    ${l}`).join('\n');
}
