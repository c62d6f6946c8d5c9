import { ERRNO_NAMES, isErrnoName } from '../errno/table.ts';
import { suggest } from '../errno/table.ts';
import { PROPAGATION_KINDS, type PropagationKind } from '../mountinfo/propagation.ts';

/**
 * Finds misspelt errno and propagation names in step texts. The parameter types only match valid
 * names, so a typo makes the step undefined; this says which word was wrong and what was meant.
 */
export function vocabularyErrors(stepTexts: readonly string[]): string[] {
  const errors: string[] = [];
  for (const text of stepTexts) {
    for (const m of text.matchAll(/\b(?:fails|fail) with (\S+)/g)) {
      const word = m[1] ?? '';
      if (!isErrnoName(word)) errors.push(unknown('errno', word, text, ERRNO_NAMES));
    }
    const propagation = /\bhas propagation "?(.+?)"?(?: in (?:window|unit|container) .*)?$/.exec(text)?.[1];
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

export type { PropagationKind };
