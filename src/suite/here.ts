// `npm run lab`'s one suite run, in its own process: cucumber-js through its API instead of a
// second Node process, which cost ~0.1 s of every start (Node's own start-up on a 2-core machine).
// The matrix and the proof still run each suite as a child (run.ts): one process loads the step
// definitions and holds one machine only once.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { constants } from 'node:os';
import type { SuiteRunOptions } from './run.ts';

/** What cucumber-js's own command takes out of its argv before the rest becomes configuration. */
interface ParsedArgv {
  readonly options: { readonly config?: string; readonly profile: string[]; readonly i18nLanguages?: boolean; readonly i18nKeywords?: string };
  readonly configuration: Record<string, unknown>;
}

/** For the modules of cucumber's CLI that its package exports for require() only (lib/cli/index.js uses them). */
const cucumberLib = createRequire(import.meta.url);

/**
 * cucumber's API and argv parser, loaded with source maps off as in a cucumber-js of its own: with
 * them on, Node reads the map of every file it loads (cucumber ships one per file, ~60 ms here),
 * and its stack traces would name cucumber's TypeScript, which its package does not hold. Back on
 * after (support/lab.mjs turned them on for mountlab's compiled files).
 */
async function loadCucumber(): Promise<{ api: typeof import('@cucumber/cucumber/api'); parseArgv: (argv: string[]) => ParsedArgv }> {
  process.setSourceMapsEnabled(false);
  try {
    const { default: ArgvParser } = cucumberLib('@cucumber/cucumber/lib/configuration/argv_parser') as { default: { parse(argv: string[]): ParsedArgv } };
    return { api: await import('@cucumber/cucumber/api'), parseArgv: (argv) => ArgvParser.parse(argv) };
  } finally {
    process.setSourceMapsEnabled(true);
  }
}

/**
 * Runs the suite in this process as cucumber-js's command would (the same options: --profile and
 * -p merged with the target's profile, --config, --i18n-*, --force-exit) and resolves its exit
 * code: 0 passed, 1 failed or could not start, 128 + n after a signal. The run's variables
 * (MOUNTLAB_TARGET, MOUNTLAB_REPORT_DIR…) are added to this process's environment: cucumber.mjs
 * reads them as cucumber loads it. Ctrl-C, SIGTERM and SIGHUP are the machine registry's, as in a
 * child (src/machine/registry.ts), which exits with 128 + the signal; with --parallel the workers
 * hold the machines and this process passes signals on to them (passSignalsToWorkers).
 */
export async function runSuiteHere(options: SuiteRunOptions): Promise<number> {
  Object.assign(process.env, options.env);
  const { api, parseArgv } = await loadCucumber();
  const { options: argv, configuration } = parseArgv(['node', 'cucumber-js', ...options.cucumberArgs]);
  if (argv.i18nLanguages === true || argv.i18nKeywords !== undefined) {
    const i18n = cucumberLib('@cucumber/cucumber/lib/cli/i18n') as { getLanguages(): string; getKeywords(iso: string): string };
    process.stdout.write(argv.i18nKeywords !== undefined ? i18n.getKeywords(argv.i18nKeywords) : i18n.getLanguages());
    return 0;
  }
  try {
    const { useConfiguration, runConfiguration } = await api.loadConfiguration({
      ...(argv.config === undefined ? {} : { file: argv.config }),
      profiles: [options.profile, ...argv.profile],
      provided: configuration,
    });
    const signals = runConfiguration.runtime.parallel > 0 ? passSignalsToWorkers() : undefined;
    const { success } = await api.runCucumber(runConfiguration)
      .catch((e: unknown) => {
        // A worker the signal ended mid-scenario may have reported a step of it but not its end:
        // cucumber's summary then throws (reading the result of a test case that has none). The
        // run was interrupted, as its exit status says; its reports stop where the workers did.
        const signal = signals?.received();
        if (signal === undefined) throw e;
        process.stderr.write(`mountlab: after ${signal}, cucumber could not finish its summary: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
        return { success: false };
      })
      .finally(() => signals?.dispose());
    const signal = signals?.received();
    const code = signal !== undefined ? 128 + constants.signals[signal] : success ? 0 : 1;
    if (useConfiguration.forceExit) process.exit(code);
    return code;
  } catch (e) {
    // what cucumber-js's own command prints for a configuration it cannot use: the error, exit 1
    process.stderr.write(`${failureText(e)}\n`);
    return 1;
  }
}

/**
 * The error a run could not start with, its cause first: cucumber wraps a BeforeAll hook's error
 * in its own ("a BeforeAll hook errored, process exiting: …", the original as `cause`), whose
 * stack names only cucumber's internals. The hook's own says what went wrong and what to do
 * (hooks.ts made it `mountlab: <sentence>`); one level only, so that sentence stays first.
 */
export function failureText(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause = e.cause instanceof Error ? (e.cause.stack ?? e.cause.message) : undefined;
  return cause === undefined ? (e.stack ?? e.message) : `${cause}\n(${e.message})`;
}

/**
 * With --parallel this process only hands out scenarios: each worker (a child process) has its
 * own machine and ends it on a signal (registry.ts). A Ctrl-C from the terminal reaches them
 * already; SIGTERM and SIGHUP sent to `npm run lab` reach only this process. Each is passed on to
 * the workers, by PID, and this process waits for them to end (cucumber then finishes its
 * reports) before it exits with 128 + the first signal's number.
 */
function passSignalsToWorkers(): { received(): NodeJS.Signals | undefined; dispose(): void } {
  let first: NodeJS.Signals | undefined;
  const pass = (signal: NodeJS.Signals): void => {
    first ??= signal;
    for (const pid of ownChildren()) {
      try {
        process.kill(pid, signal);
      } catch {
        // ended meanwhile
      }
    }
  };
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const s of signals) process.on(s, pass);
  return {
    received: () => first,
    dispose: () => { for (const s of signals) process.off(s, pass); },
  };
}

/** The PIDs of this process's children (its main thread's: cucumber forks its workers there). */
function ownChildren(): number[] {
  try {
    return readFileSync(`/proc/self/task/${process.pid}/children`, 'utf8').trim().split(' ').filter((p) => p !== '').map(Number);
  } catch {
    return [];
  }
}
