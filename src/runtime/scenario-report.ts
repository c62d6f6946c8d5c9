import type { LabScenario } from '../scenario/lab-scenario.ts';
import { promptFor } from '../scenario/lab-run.ts';

/**
 * What a scenario did, as a person would read it: the host's commands with their output, each
 * window's transcript, and the final mount tables. Attached to the scenario in the reports.
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
  for (const { name, transcript } of await lab.windowTranscripts()) {
    sections.push(`== window "${name}" ==\n${transcript}`);
  }
  if (lab.started) {
    const host = await lab.view();
    sections.push(`== mountinfo of the host namespace at the end ==\n${host.table.entries.map((m) => m.line).join('\n')}`);
  }
  return sections.join('\n\n');
}
