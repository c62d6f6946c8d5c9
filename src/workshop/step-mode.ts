import type { TargetName } from '../drivers/target.ts';
import { scenarioAt, stepKind } from './scenario-at.ts';
import { WorkshopSession } from './session.ts';
import { outcomeText, stepText, treeChange, treeText } from './show.ts';
import { openShell } from './shell.ts';
import { ask, print } from './terminal.ts';

const KEYS = 'Enter: run it · s: shell in the sandbox · s NAME: shell in window NAME · q: quit';

/**
 * `npm run lab -- --step features/x.feature:25`: one scenario, a step at a time. Each step is
 * shown, run on Enter with the project's own step definitions, and followed by what its commands
 * printed (with the failing syscall's errno) and the tree change in every namespace. `s` hands
 * the terminal to a shell in the sandbox or a window; `q` ends the scenario (sandbox and target).
 */
export async function stepMode(location: string, target: TargetName): Promise<number> {
  const scenario = await scenarioAt(location);
  const steps = scenario.pickle.steps;
  const session = await WorkshopSession.start(scenario, target, (line) => { process.stderr.write(`${line}\n`); });
  print(`\nScenario: ${scenario.name}\n  ${scenario.uri}:${scenario.line}, ${steps.length} steps, on target ${session.target}\n  ${KEYS}\n`);
  let failed = 0;
  let shown = await session.tables();
  try {
    print(`${await session.whereText()}\nThe trees at the start:\n${treeText(shown, session.touched)}`);
    for (const [i, step] of steps.entries()) {
      print(`\n[${i + 1}/${steps.length}] ${stepText(step, stepKind(step))}`);
      for (;;) {
        const answer = (await ask('› ')).trim();
        if (answer === 'q') return await quit(session, 'quit');
        const shell = /^s(?:\s+(\S+))?$/.exec(answer);
        if (shell !== null) {
          const exit = await openShell(session, shell[1], { promptCommands: false }).catch((e: unknown) => ({ error: String(e) }));
          if ('error' in exit) { print(exit.error); continue; }
          const now = await session.tables();
          print(`\nback from the shell; what changed:\n${treeChange(now, session.touched, shown)}`);
          shown = now;
          print(`\n[${i + 1}/${steps.length}] ${stepText(step, stepKind(step))}`);
          continue;
        }
        if (answer === '') break;
        print(KEYS);
      }
      const before = shown;
      const outcome = await session.run(step);
      if (outcome.error !== undefined) failed++;
      print(outcomeText(outcome));
      shown = await session.tables();
      print(treeChange(shown, session.touched, before));
    }
    print(`\nend of the scenario: ${failed === 0 ? 'every step passed' : `${failed} step(s) failed`}`);
    return await quit(session, failed === 0 ? 'passed' : 'failed');
  } catch (e) {
    await session.end(false).catch(() => undefined);
    throw e;
  }
}

async function quit(session: WorkshopSession, how: 'quit' | 'passed' | 'failed'): Promise<number> {
  await session.end(how === 'passed');
  print('sandbox ended, nothing left on the target');
  return how === 'failed' ? 1 : 0;
}
