import type { TargetName } from '../drivers/target.ts';
import { isBackground, scenarioAt, stepKind, type WorkshopStep } from './scenario-at.ts';
import { WorkshopSession, type LabelledTable } from './session.ts';
import { commandText, stepText, treeText } from './show.ts';
import { openShell } from './shell.ts';
import { print } from './terminal.ts';
import { checkText, judge } from './check.ts';

const HELP = `Prompt commands: check · solution · window NAME (a shell in that window) · sandbox · help · quit
(each leaves this shell; mountlab answers and gives you a new shell where you asked, in the same directory)`;

/**
 * `npm run lab -- --exercise features/x.feature:25`: the scenario as an exercise. Its Background
 * and its Given steps set it up (the windows too); its title and description are the task; its
 * When steps are the solution; its Then steps are what `check` judges against the learner's state.
 */
export async function exerciseMode(location: string, target: TargetName): Promise<number> {
  const scenario = await scenarioAt(location);
  const own = scenario.pickle.steps.filter((s) => !isBackground(scenario, s));
  const setup = scenario.pickle.steps.filter((s) => isBackground(scenario, s) || stepKind(s) === 'Context');
  const session = await WorkshopSession.start(scenario, target, (line) => { process.stderr.write(`${line}\n`); });
  try {
    print(`setting up ${scenario.uri}:${scenario.line} on target ${session.target}…`);
    for (const step of setup) {
      const outcome = await session.run(step);
      if (outcome.error !== undefined) throw new Error(`the exercise's setup failed at "${step.text}":\n${outcome.commands.map(commandText).join('\n')}\n${outcome.error}`);
    }
    const start = await session.tables();
    print(`\nExercise: ${scenario.name}\n\n${scenario.description}\n\n${await placesText(session)}\n${treeText(start, session.touched)}\n${HELP}\n`);
    await learn(session, own, start);
    await session.end(false);
    print('sandbox ended, nothing left on the target');
    return 0;
  } catch (e) {
    await session.end(false).catch(() => undefined);
    throw e;
  }
}

async function placesText(session: WorkshopSession): Promise<string> {
  const windows = await session.windowNames();
  const where = await session.whereText();
  const places = windows.length === 0 ? 'You are in the sandbox.' : `You are in the sandbox; the scenario's windows: ${windows.map((w) => `"${w}"`).join(', ')} (type: window ${windows[0] ?? ''}).`;
  return `${places}\n(${where})`;
}

/** The learner's shells, one after another, until `quit` or a plain `exit`. */
async function learn(session: WorkshopSession, own: readonly WorkshopStep[], start: readonly LabelledTable[]): Promise<void> {
  let window: string | undefined;
  let cwd: string | undefined;
  for (;;) {
    const exit = await openShell(session, window, { promptCommands: true, ...(cwd === undefined ? {} : { cwd }) });
    const [command = 'quit', ...words] = (exit.request ?? 'quit').split(/\s+/);
    cwd = exit.cwd;
    if (command === 'quit') return;
    if (command === 'help') print(HELP);
    else if (command === 'solution') print(`\nThe scenario's own commands (its When steps):\n${own.filter((s) => stepKind(s) === 'Action').map((s) => `  ${stepText(s, 'Action').replace(/\n/g, '\n  ')}`).join('\n')}\n`);
    else if (command === 'check') print(checkText(await judge(session, own), treeText(await session.tables(), session.touched, start)));
    else if (command === 'sandbox') window = undefined;
    else if (command === 'window') {
      const names = await session.windowNames();
      const name = words[0];
      if (name !== undefined && names.includes(name)) window = name;
      else print(`no window "${name ?? ''}": the scenario's windows are ${names.map((w) => `"${w}"`).join(', ') || 'none'}`);
    }
  }
}
