import type { Scenario } from '../scenario/scenario.ts';
import { promptFor } from '../scenario/scenario-command.ts';
import { pictureText, treePicture, type NamespaceTables } from './tree/index.ts';

/**
 * What a scenario did, as a person would read it: the sandbox's commands with their output,
 * each window's transcript, and the final mount trees of the sandbox and of each window (only the
 * paths the scenario named, with peer-group marks as in the pictures, src/report/tree/), then the
 * sandbox's raw mountinfo. Attached to the scenario in the reports.
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
    const namespaces: NamespaceTables[] = [{ label: 'the sandbox', after: sandbox.table }];
    const unreadable: string[] = [];
    for (const { name } of windows) {
      await scenario.view({ kind: 'window', name }).then(
        (v) => { namespaces.push({ label: `window "${name}"`, after: v.table }); },
        (e: unknown) => { unreadable.push(`window "${name}": not readable: ${String(e)}`); },
      );
    }
    const touched = scenario.trees.touched();
    sections.push(`== mount trees at the end (the paths the scenario named: ${touched.join(' ') || 'none'}) ==\n${[pictureText(treePicture(namespaces, touched)), ...unreadable].join('\n')}`);
    sections.push(`== mountinfo of the sandbox at the end ==\n${sandbox.table.entries.map((m) => m.line).join('\n')}`);
  }
  return sections.join('\n\n');
}
