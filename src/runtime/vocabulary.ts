import { ERRNO_NAMES, isErrnoName, suggest } from '../errno/table.ts';
import { PROPAGATION_KINDS } from '../mountinfo/propagation.ts';
import { PLACE } from '../scenario/parameter-types.ts';

/**
 * Finds misspelt errno and propagation names in step texts. The parameter types only match valid
 * names, so a typo makes the step undefined; this says which word was wrong and what was meant.
 * Where the propagation ends is found with the {place} parameter type itself, so the two agree.
 */
export function vocabularyErrors(stepTexts: readonly string[]): string[] {
  const errors: string[] = [];
  const propagationStep = new RegExp(`\\bhas propagation "?(.+?)"?${PLACE.regexp.source}$`);
  for (const text of stepTexts) {
    for (const m of text.matchAll(/\b(?:fails|fail) with (\S+)/g)) {
      const word = m[1] ?? '';
      if (!isErrnoName(word)) errors.push(unknown('errno', word, text, ERRNO_NAMES));
    }
    const propagation = propagationStep.exec(text)?.[1];
    if (propagation !== undefined && !(PROPAGATION_KINDS as readonly string[]).includes(propagation)) {
      errors.push(unknown('propagation', propagation, text, PROPAGATION_KINDS));
    }
  }
  return errors;
}

function unknown(kind: string, word: string, step: string, valid: readonly string[]): string {
  const guess = suggest(word, valid);
  return `unknown ${kind} "${word}" in step "${step}"${guess === undefined ? '' : `: did you mean ${guess}?`} Valid ${kind} names: ${valid.join(', ')}`;
}
