import { constants } from 'node:os';
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

/** Something the run must undo if it is interrupted, and how to name it if it cannot. */
interface OpenCleanup {
  readonly run: () => Promise<void>;
  /** e.g. "the sandbox /tmp/mountlab.X (init PID 123)"; undefined: nothing made yet. */
  readonly describe: () => string | undefined;
}
const openCleanups = new Set<OpenCleanup>();

/** Registers what must be undone if the run is interrupted; call the returned function when done. */
export function whileOpen(cleanup: () => Promise<void>, describe: () => string | undefined = () => undefined): () => void {
  const entry = { run: cleanup, describe };
  openCleanups.add(entry);
  return () => openCleanups.delete(entry);
}

/** The signal that is ending this run, once one came: nothing new (no sandbox) starts after it. */
export function interruptedBy(): NodeJS.Signals | undefined {
  return ending?.signal;
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let ending: { readonly signal: NodeJS.Signals; readonly at: number } | undefined;
/**
 * A SIGINT this soon after the first is the same Ctrl-C: `npm run lab` passes the terminal's
 * Ctrl-C on to its child (npm's run-script signal manager), and since `npm run lab` runs cucumber
 * in its own process (src/suite/here.ts) that child is this process, so one press arrives twice,
 * npm's copy a few ms later (more on a machine busy with a VM). MOUNTLAB_SAME_CTRL_C_MS changes it.
 */
export function sameCtrlCMs(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.MOUNTLAB_SAME_CTRL_C_MS;
  const ms = text === undefined || text === '' ? Number.NaN : Number(text);
  return Number.isFinite(ms) && ms >= 0 ? ms : 500;
}
let handlersInstalled = false;

/**
 * Ctrl-C, SIGTERM or SIGHUP end the running commands, every sandbox and window (removing the work
 * directories), and the target (a VM is shut down unless kept), then exit with 128 + the signal's
 * number. The listeners stay installed (process.on, not once) until the exit: execa's exit hook
 * (signal-exit) re-raises a signal when it finds no other listener, which killed the process in
 * the middle of the teardown. A second Ctrl-C (after sameCtrlCMs) exits at once and says what
 * it leaves behind (the next run's reaper removes it); a repeated TERM or HUP (a hang-up reaches
 * every process of the terminal; `npm run lab` passes TERM on too) changes nothing.
 */
function installInterruptHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const signal of SIGNALS) process.on(signal, (s: NodeJS.Signals) => { onSignal(s); });
  // A cucumber --parallel worker: its IPC channel closes only when the process that runs the
  // suite is gone (killed, or ended by a signal the worker never got): end as for SIGTERM then,
  // rather than run on alone with its sandboxes and VM.
  if (process.env.CUCUMBER_PARALLEL === 'true' && process.connected) {
    process.on('disconnect', () => { onSignal('SIGTERM', 'the cucumber run this worker belongs to is gone'); });
  }
}

function onSignal(signal: NodeJS.Signals, why: string = signal): void {
  const status = 128 + constants.signals[signal];
  if (ending !== undefined) {
    if (signal !== 'SIGINT' || (ending.signal === 'SIGINT' && Date.now() - ending.at < sameCtrlCMs())) return;
    const left = [...openCleanups].map((c) => c.describe()).filter((d) => d !== undefined);
    if (started !== undefined && started.machine.target.name !== 'local') left.push(`the ${started.machine.target.name} target`);
    process.stderr.write(`\nmountlab: ${signal} again: exiting now; left behind: ${left.length === 0 ? 'nothing' : left.join(', ')}${left.length === 0 ? '' : ' (the next run on this target removes them)'}\n`);
    process.exit(status);
  }
  ending = { signal, at: Date.now() };
  process.stderr.write(`\nmountlab: ${why}: ending the running commands, the sandboxes and the target…\n`);
  started?.machine.transport.killRunning?.();
  const cleanups = [...openCleanups].map((c) => c.run().catch((e: unknown) => {
    process.stderr.write(`mountlab: ${e instanceof Error ? e.message : String(e)}\n`);
  }));
  void Promise.all(cleanups)
    .then(() => stopMachine())
    .catch((e: unknown) => {
      process.stderr.write(`mountlab: ${e instanceof Error ? e.message : String(e)}\n`);
    })
    .finally(() => {
      process.stderr.write(`mountlab: ${signal}: ended cleanly\n`);
      process.exit(status);
    });
}
