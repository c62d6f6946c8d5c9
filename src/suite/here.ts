// `npm run lab`'s one suite run, in its own process: cucumber-js through its API instead of a
// second Node process, which cost ~0.1 s of every start (Node's own start-up on a 2-core machine).
// The matrix and the proof still run each suite as a child (run.ts): one process loads the step
// definitions and holds one machine only once.
import type { SuiteRunOptions } from './run.ts';

/**
 * Runs the suite in this process and resolves cucumber-js's exit code (0 passed, 1 failed or could
 * not start). The run's variables (MOUNTLAB_TARGET, MOUNTLAB_REPORT_DIR…) become this process's:
 * cucumber.mjs reads them as cucumber loads it. Ctrl-C, SIGTERM and SIGHUP are handled by the
 * machine registry as in a child (src/machine/registry.ts), which exits with 128 + the signal.
 */
export async function runSuiteHere(options: SuiteRunOptions): Promise<number> {
  Object.assign(process.env, options.env);
  // Loaded with source maps off, as in a cucumber-js of its own: with them on, Node reads the map
  // of every file it loads (cucumber ships one per file, ~60 ms here), and its stack traces would
  // name cucumber's TypeScript, which its package does not hold. On again for what follows
  // (support/lab.mjs turned them on for mountlab's compiled files).
  process.setSourceMapsEnabled(false);
  const { loadConfiguration, runCucumber } = await import('@cucumber/cucumber/api');
  process.setSourceMapsEnabled(true);
  try {
    const { runConfiguration } = await loadConfiguration({ profiles: [options.profile], provided: [...options.cucumberArgs] });
    const { success } = await runCucumber(runConfiguration);
    return success ? 0 : 1;
  } catch (e) {
    // what cucumber-js's own command prints for a configuration it cannot use: the error, exit 1
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  }
}
