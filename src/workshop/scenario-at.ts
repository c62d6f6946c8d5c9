import { readFile } from 'node:fs/promises';
import { AstBuilder, compile, GherkinClassicTokenMatcher, Parser } from '@cucumber/gherkin';
import { IdGenerator } from '@cucumber/messages';

/** Types as @cucumber/gherkin gives them (its own copy of @cucumber/messages). */
type Pickle = ReturnType<typeof compile>[number];
type GherkinDocument = Parameters<typeof compile>[0];
export type WorkshopStep = Pickle['steps'][number];

/** What a step is for, from its keyword (And/But take the one before): Given, When or Then. */
export type StepKind = 'Context' | 'Action' | 'Outcome';

/** One scenario (one example row of an outline) picked by `feature:line`, as cucumber would run it. */
export interface WorkshopScenario {
  readonly uri: string;
  readonly line: number;
  readonly name: string;
  /** The scenario's description: the text under its title, which an exercise shows as the task. */
  readonly description: string;
  readonly pickle: Pickle;
  /** Steps that come from the feature's or the rule's Background. */
  readonly backgroundStepIds: ReadonlySet<string>;
}

/** True for a step of the feature's or the rule's Background (a pickle step's first AST node is its Gherkin step). */
export function isBackground(scenario: WorkshopScenario, step: WorkshopStep): boolean {
  return scenario.backgroundStepIds.has(step.astNodeIds[0] ?? '');
}

export function stepKind(step: WorkshopStep): StepKind {
  return (step.type ?? 'Context') as StepKind;
}

/** "features/x.feature:25" → path and line; the line is required (one scenario at a time). */
export function parseLocation(location: string): { path: string; line: number } {
  const m = /^(.+\.feature):(\d+)$/.exec(location);
  if (m === null) throw new Error(`expected a feature file and a line, as cucumber takes them: features/privatetmp.feature:25 (got "${location}")`);
  return { path: m[1] as string, line: Number(m[2]) };
}

/**
 * The scenario at a line: the line of a Scenario (or an outline: its first example row), or of
 * one example row. Background steps are part of it, as when cucumber runs it.
 */
export async function scenarioAt(location: string): Promise<WorkshopScenario> {
  const { path, line } = parseLocation(location);
  const newId = IdGenerator.incrementing();
  const doc = new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher()).parse(await readFile(path, 'utf8'));
  const pickles = compile(doc, path, newId);
  const scenarios = scenariosOf(doc);
  const atLine = (p: Pickle) => p.location?.line === line || scenarios.get(p.astNodeIds[0] ?? '')?.line === line;
  const pickle = pickles.find(atLine);
  if (pickle === undefined) {
    const lines = [...scenarios.values()].map((s) => s.line).join(', ');
    throw new Error(`${path}:${line} is not the line of a scenario or of an example row (scenarios start at lines ${lines})`);
  }
  const scenario = scenarios.get(pickle.astNodeIds[0] ?? '');
  return {
    uri: path, line, name: pickle.name, pickle,
    description: (scenario?.description ?? '').split('\n').map((l) => l.trim()).join('\n').trim(),
    backgroundStepIds: backgroundStepIds(doc),
  };
}

type Child = NonNullable<GherkinDocument['feature']>['children'][number];
type RuleChild = NonNullable<Child['rule']>['children'][number];

/** A feature's scenarios and backgrounds, those inside rules too. */
function childrenOf(doc: GherkinDocument): (Child | RuleChild)[] {
  return (doc.feature?.children ?? []).flatMap((c): (Child | RuleChild)[] => (c.rule === undefined ? [c] : [...c.rule.children]));
}

function scenariosOf(doc: GherkinDocument): Map<string, { line: number; description: string }> {
  const found = new Map<string, { line: number; description: string }>();
  for (const c of childrenOf(doc)) if (c.scenario !== undefined) found.set(c.scenario.id, { line: c.scenario.location.line, description: c.scenario.description });
  return found;
}

function backgroundStepIds(doc: GherkinDocument): Set<string> {
  return new Set(childrenOf(doc).flatMap((c) => c.background?.steps.map((s) => s.id) ?? []));
}
