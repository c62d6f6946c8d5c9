/**
 * The windows a scenario's steps will open, by name, in order: the steps written
 * `a window "NAME" running "COMMAND"` (steps/window.steps.ts; cucumber's {string} takes double or
 * single quotes). A name with an escaped quote is not found, and that window is opened the usual way.
 */
const OPEN_WINDOW = /^a window (?:"([^"\\]*)"|'([^'\\]*)') running /;

export function windowsOpenedBy(stepTexts: readonly string[]): string[] {
  const names = stepTexts.flatMap((text) => {
    const m = OPEN_WINDOW.exec(text);
    const name = m?.[1] ?? m?.[2];
    return name === undefined ? [] : [name];
  });
  return [...new Set(names)];
}
