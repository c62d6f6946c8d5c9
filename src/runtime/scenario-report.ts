import type { LabScenario } from '../scenario/lab-scenario.ts';
import { promptFor } from '../scenario/lab-run.ts';
import { mountTreeText } from '../mountinfo/tree-text.ts';

/**
 * What a scenario did, as a person would read it: the host's commands with their output, each
 * window's transcript, and the final mount trees of the host and of each window (with
 * propagation), then the host's raw mountinfo. Attached to the scenario in the reports.
 */
export async function scenarioReport(lab: LabScenario): Promise<string> {
  const sections: string[] = [];
  const hostRuns = lab.history.filter((r) => r.where === 'host');
  if (hostRuns.length > 0) {
    const lines = hostRuns.flatMap((r) => [
      `${promptFor('host')} ${r.command}`,
      ...[r.stdout, r.stderr].map((t) => t.replace(/\n$/, '')).filter((t) => t !== ''),
    ]);
    sections.push(`== host namespace ==\n${lines.join('\n')}`);
  }
  const windows = await lab.windowTranscripts();
  for (const { name, transcript } of windows) {
    sections.push(`== window "${name}" ==\n${transcript}`);
  }
  if (lab.started) {
    const host = await lab.view();
    sections.push(`== mount tree of the host namespace at the end ==\n${mountTreeText(host.table)}`);
    for (const { name } of windows) {
      const tree = await lab.view(name).then((v) => mountTreeText(v.table), (e: unknown) => `(not readable: ${String(e)})`);
      sections.push(`== mount tree of window "${name}" at the end ==\n${tree}`);
    }
    sections.push(`== mountinfo of the host namespace at the end ==\n${host.table.entries.map((m) => m.line).join('\n')}`);
  }
  return sections.join('\n\n');
}
