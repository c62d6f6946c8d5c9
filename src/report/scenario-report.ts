import type { Scenario } from '../scenario/scenario.ts';
import { promptFor } from '../scenario/scenario-command.ts';
import { mountTreeText } from '../mountinfo/tree-text.ts';

/**
 * What a scenario did, as a person would read it: the sandbox's commands with their output,
 * each window's transcript, and the final mount trees of the sandbox and of each window (with
 * propagation), then the sandbox's raw mountinfo. Attached to the scenario in the reports.
 */
export async function scenarioReport(scenario: Scenario): Promise<string> {
  const sections: string[] = [];
  const inSandbox = scenario.commands.all.filter((r) => r.where === 'sandbox');
  if (inSandbox.length > 0) {
    const lines = inSandbox.flatMap((r) => [
      `${promptFor('sandbox')} ${r.command}`,
      ...[r.stdout, r.stderr].map((t) => t.replace(/\n$/, '')).filter((t) => t !== ''),
    ]);
    sections.push(`== the sandbox ==\n${lines.join('\n')}`);
  }
  const windows = await scenario.windowTranscripts();
  for (const { name, transcript } of windows) {
    sections.push(`== window "${name}" ==\n${transcript}`);
  }
  if (scenario.started) {
    const sandbox = await scenario.view();
    sections.push(`== mount tree of the sandbox at the end ==\n${mountTreeText(sandbox.table)}`);
    for (const { name } of windows) {
      const tree = await scenario.view({ kind: 'window', name }).then((v) => mountTreeText(v.table), (e: unknown) => `(not readable: ${String(e)})`);
      sections.push(`== mount tree of window "${name}" at the end ==\n${tree}`);
    }
    sections.push(`== mountinfo of the sandbox at the end ==\n${sandbox.table.entries.map((m) => m.line).join('\n')}`);
  }
  return sections.join('\n\n');
}
