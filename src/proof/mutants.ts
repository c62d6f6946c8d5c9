import { AstBuilder, compile, GherkinClassicTokenMatcher, Parser } from '@cucumber/gherkin';
import { IdGenerator } from '@cucumber/messages';
import type { KernelVersion } from '../kernel/version.ts';
import { isAssertion, negate } from './mutate.ts';

/** A scenario as cucumber compiles it (one per example row of an outline). */
export type Pickle = ReturnType<typeof compile>[number];
type PickleStep = Pickle['steps'][number];

/** One assertion step of one scenario (one example row of an outline), and what it became. */
export interface Mutant {
  readonly id: number;
  readonly feature: string;
  readonly scenario: string;
  readonly stepIndex: number;
  readonly step: string;
  /** The negated text, or undefined when the step cannot be negated (then `reason` says why). */
  readonly negated: string | undefined;
  /** The negated data table, when the negation changed the step's table (a per-kernel outcome table). */
  readonly negatedTable: readonly (readonly string[])[] | undefined;
  /** What changed in the table: `row "from 6.1": 4 -> 5`. */
  readonly tableChange: string | undefined;
  readonly reason: string | undefined;
  /** Index of the original pickle in its feature, and its tag: the mutant is judged only if it passes. */
  readonly originalIndex: number;
  readonly originalTag: string;
}

export interface FeatureMutants {
  readonly uri: string;
  readonly index: number;
  readonly originals: readonly Pickle[];
  readonly mutants: readonly Mutant[];
}

/** Every scenario of one feature file, as cucumber compiles it (outlines give one pickle per row). */
export function picklesOf(uri: string, source: string): Pickle[] {
  const newId = IdGenerator.incrementing();
  const doc = new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher()).parse(source);
  return [...compile(doc, uri, newId)];
}

/**
 * One mutant per assertion step (Then/And/But after an action). A Background's steps are part of
 * every scenario; each is mutated once, in the first scenario that runs it.
 */
export function mutantsOf(uri: string, pickles: readonly Pickle[], kernel: KernelVersion, firstId: number, index: number): FeatureMutants {
  const seen = new Set<string>();
  const mutants: Mutant[] = [];
  let id = firstId;
  pickles.forEach((pickle, p) => {
    pickle.steps.forEach((step, stepIndex) => {
      const key = step.astNodeIds.join('/');
      if (String(step.type) !== 'Outcome' || !isAssertion(step.text) || seen.has(key)) return;
      seen.add(key);
      const table = step.argument?.dataTable?.rows.map((r) => r.cells.map((c) => c.value));
      const n = negate(step.text, kernel, table);
      mutants.push({
        id: id++, feature: uri, scenario: pickle.name, stepIndex, step: step.text,
        originalIndex: p, originalTag: originalTag(index, p),
        negated: n.kind === 'negated' ? n.text : undefined,
        negatedTable: n.kind === 'negated' ? n.table : undefined,
        tableChange: n.kind === 'negated' ? n.change : undefined,
        reason: n.kind === 'cannot' ? n.reason : undefined,
      });
    });
  });
  return { uri, index, originals: pickles, mutants };
}

const originalTag = (feature: number, pickle: number): string => `@original-${feature}-${pickle}`;

const KEYWORD: Readonly<Record<string, string>> = { Context: 'Given', Action: 'When', Outcome: 'Then' };

function stepLines(step: PickleStep, text: string, table?: readonly (readonly string[])[]): string[] {
  const lines = [`    ${KEYWORD[String(step.type)] ?? '*'} ${text}`];
  const doc = step.argument?.docString;
  if (doc !== undefined) {
    const fence = doc.content.includes('"""') ? '```' : '"""';
    lines.push(`      ${fence}`, ...doc.content.split('\n').map((l) => `      ${l}`), `      ${fence}`);
  }
  for (const row of table ?? step.argument?.dataTable?.rows.map((r) => r.cells.map((c) => c.value)) ?? []) {
    lines.push(`      | ${row.map((c) => c.replace(/\\/g, '\\\\').replace(/\|/g, '\\|')).join(' | ')} |`);
  }
  return lines;
}

function scenarioLines(pickle: Pickle, tag: string, name: string, replace?: { index: number; text: string; table?: readonly (readonly string[])[] | undefined }): string[] {
  const tags = [...pickle.tags.map((t) => t.name), tag].join(' ');
  return [`  ${tags}`, `  Scenario: ${name}`, ...pickle.steps.flatMap((s, i) => (i === replace?.index ? stepLines(s, replace.text, replace.table) : stepLines(s, s.text))), ''];
}

/** A feature file holding each original scenario (tag @original-F-P) and each mutant (tag @mutant-N). */
export function mutantFeature(fm: FeatureMutants): string {
  const lines = [`Feature: mutants of ${fm.uri}`, ''];
  fm.originals.forEach((pickle, p) => lines.push(...scenarioLines(pickle, originalTag(fm.index, p), `${pickle.name} [original]`)));
  for (const m of fm.mutants) {
    const pickle = fm.originals[m.originalIndex];
    if (m.negated === undefined || pickle === undefined) continue;
    lines.push(...scenarioLines(pickle, `@mutant-${m.id}`, `${m.scenario} [step ${m.stepIndex + 1}: ${m.step} -> ${m.negated}${m.tableChange === undefined ? '' : ` (${m.tableChange})`}]`, { index: m.stepIndex, text: m.negated, table: m.negatedTable }));
  }
  return lines.join('\n');
}
