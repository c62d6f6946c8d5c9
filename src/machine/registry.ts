import { Machine } from './machine.ts';
import { runSettings, type RunSettings } from './settings.ts';
import { createTarget } from '../drivers/select.ts';
import { describeCapabilities } from './capabilities.ts';

interface Running {
  readonly machine: Machine;
  readonly settings: RunSettings;
}

let running: Promise<Running> | undefined;
let started: Running | undefined;
/** Cleanups of scenarios still open (their sandboxes), run on Ctrl-C. */
const openCleanups = new Set<() => Promise<void>>();

/**
 * The one machine of this cucumber run, started on first use. A failed start is remembered, so
 * every scenario fails with the same sentence instead of retrying a broken target.
 */
export function machineFor(worldParameters: Readonly<Record<string, unknown>>, progress: (line: string) => void): Promise<Running> {
  running ??= (async () => {
    const settings = runSettings(worldParameters, process.env);
    const target = await createTarget(settings.target, process.env);
    installInterruptHandlers();
    const machine = await Machine.start(target, progress);
    progress(`mountlab: target ${settings.target}: ${describeCapabilities(machine.capabilities)}`);
    started = { machine, settings };
    return started;
  })();
  return running;
}

export function currentMachine(): Machine | undefined {
  return started?.machine;
}

export async function stopMachine(): Promise<void> {
  const machine = started?.machine;
  started = undefined;
  running = undefined;
  await machine?.stop();
}

/** Registers what must be undone if the run is interrupted; call the returned function when done. */
export function whileOpen(cleanup: () => Promise<void>): () => void {
  openCleanups.add(cleanup);
  return () => openCleanups.delete(cleanup);
}

let handlersInstalled = false;

/** Ctrl-C or a TERM ends the open sandboxes and the target (a VM is shut down), then exits. */
function installInterruptHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  const onSignal = (signal: NodeJS.Signals): void => {
    process.stderr.write(`\nmountlab: ${signal}: ending sandboxes and the target…\n`);
    const cleanups = [...openCleanups].map((c) => c().catch(() => undefined));
    void Promise.all(cleanups)
      .then(() => stopMachine())
      .catch(() => undefined)
      .finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}
