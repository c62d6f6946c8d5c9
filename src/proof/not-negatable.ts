/**
 * Steps whose negation may pass without the scenario proving less, each with its reason. A
 * surviving mutant not listed here fails `npm run proof`. Keys are the scenario's name (as cucumber
 * shows it, outline rows included) and the step's text.
 */
export interface Allowed {
  readonly scenario: string;
  readonly step: string;
  readonly reason: string;
}

export const ALLOWED: readonly Allowed[] = [];

export function allowance(scenario: string, step: string): Allowed | undefined {
  return ALLOWED.find((a) => a.scenario === scenario && a.step === step);
}
