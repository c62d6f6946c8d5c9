import { loadSupport } from '@cucumber/cucumber/api';
import type { ScenarioLifecycle } from '../scenario/lifecycle.ts';
import type { WorkshopStep } from './scenario-at.ts';

/**
 * What this module uses of cucumber's support code library. `loadSupport` (the public API of
 * @cucumber/cucumber 12) returns it as an opaque ISupportCodeLibrary; these two fields are its
 * SupportCodeLibrary (support_code_library_builder/types.d.ts): each step definition with its
 * compiled cucumber expression, and the World class steps/support/world.ts registered.
 */
interface Definition {
  readonly pattern: string | RegExp;
  readonly uri: string;
  readonly code: (...args: unknown[]) => unknown;
  matchesStepName(text: string): boolean;
  getInvocationParameters(request: { step: WorkshopStep; world: unknown; hookParameter: unknown }): Promise<{ parameters: unknown[] }>;
}
interface Library {
  readonly stepDefinitions: readonly Definition[];
  readonly World: new (options: { attach: () => void; log: () => void; link: () => void; parameters: Record<string, unknown> }) => StepWorld;
}

/** steps/support/world.ts's ScenarioWorld as seen from here: the lifecycle its steps use. */
interface StepWorld {
  lifecycle: ScenarioLifecycle | undefined;
}

/** Files whose Then steps judge the last command the scenario ran (its status, output, errno). */
const COMMAND_OUTCOME_FILES = ['steps/command.steps.ts', 'steps/errno.steps.ts'];

/**
 * The project's own step definitions (steps/*.ts, unchanged), run outside cucumber's runner: a
 * step's text is matched against the same cucumber expressions, and its code is called on a
 * ScenarioWorld whose lifecycle the caller started. Cucumber's hooks (steps/support/hooks.ts) are
 * not run: the workshop modes start and end the ScenarioLifecycle themselves.
 */
export class StepDefinitions {
  private constructor(private readonly library: Library) {}

  static async load(): Promise<StepDefinitions> {
    const library = await loadSupport({
      sources: { paths: [], defaultDialect: 'en', names: [], tagExpression: '', order: 'defined' },
      // the steps as cucumber-js loads them, compiled (support/build.mjs): in `npm run lab`, which
      // is compiled with them, the steps and this process share one instance of each src/ module
      support: { importPaths: ['support/steps.mjs'] },
    });
    return new StepDefinitions(library as unknown as Library);
  }

  /** A world for one scenario, holding its lifecycle as cucumber's Before hook would have set it. */
  world(lifecycle: ScenarioLifecycle, parameters: Record<string, unknown>): StepWorld {
    const world = new this.library.World({ attach: () => undefined, log: () => undefined, link: () => undefined, parameters });
    world.lifecycle = lifecycle;
    return world;
  }

  definitionOf(step: WorkshopStep): Definition {
    const found = this.library.stepDefinitions.filter((d) => d.matchesStepName(step.text));
    if (found.length === 0) throw new Error(`no step definition matches "${step.text}" (see docs/steps.md)`);
    if (found.length > 1) throw new Error(`"${step.text}" matches ${found.length} step definitions: ${found.map((d) => `${d.uri} ${String(d.pattern)}`).join('; ')}`);
    return found[0] as Definition;
  }

  /** True for a step that judges the last command's outcome rather than the mount state. */
  isAboutLastCommand(step: WorkshopStep): boolean {
    return COMMAND_OUTCOME_FILES.includes(this.definitionOf(step).uri.replace(/\\/g, '/'));
  }

  /** Runs one step on `world`; throws what the step threw (its assertion message). */
  async run(step: WorkshopStep, world: StepWorld): Promise<void> {
    const definition = this.definitionOf(step);
    const { parameters } = await definition.getInvocationParameters({ step, world, hookParameter: {} });
    await definition.code.apply(world, parameters);
  }
}
