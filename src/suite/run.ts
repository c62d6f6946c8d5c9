// One suite run: cucumber-js once, in a child process that owns the terminal: `npm run lab --
// --matrix` makes one per kernel (matrix.ts), the proof one for all its mutants. `npm run lab`
// runs its one suite in its own process (here.ts).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { runInTerminal } from './terminal.ts';

export interface SuiteRunOptions {
  /** A profile of cucumber.mjs: `qemu`, `local`, `ci`… */
  readonly profile: string;
  /** Passed to cucumber-js as they are: --tags, feature paths, --name… */
  readonly cucumberArgs: readonly string[];
  /** The whole environment of the run (MOUNTLAB_TARGET, MOUNTLAB_REPORT_DIR…). */
  readonly env: NodeJS.ProcessEnv;
}

/** The installed @cucumber/cucumber's bin/cucumber.js, run with this process's Node. */
export function cucumberBin(): string {
  const packageJson = createRequire(import.meta.url).resolve('@cucumber/cucumber/package.json');
  return join(dirname(packageJson), 'bin', 'cucumber.js');
}

/** The command line of a suite run, as run.json records it. */
export function suiteCommand(options: SuiteRunOptions): string[] {
  return ['cucumber-js', '--profile', options.profile, ...options.cucumberArgs];
}

/** Runs the suite; resolves cucumber's exit code (130 after Ctrl-C, once cucumber has cleaned up). */
export function runSuite(options: SuiteRunOptions): Promise<number> {
  return runInTerminal(process.execPath, [cucumberBin(), '--profile', options.profile, ...options.cucumberArgs], options.env);
}
