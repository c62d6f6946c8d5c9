import type { MountView } from '../scenario/lab-scenario.ts';

/** The mountinfo lines that explain a claim about `path`, then the commands so far. */
export function explainMounts(view: MountView, path: string): string {
  const lines = view.table.linesAround(path);
  const shown = lines.length === 0 ? '  (no mount at, above or below it)' : lines.map((l) => `  ${l}`).join('\n');
  return `mountinfo of ${view.where} around ${path}:\n${shown}\n${view.history}`;
}

export function notWord(isNot: boolean | undefined): string {
  return isNot === true ? 'not ' : '';
}
