import { parseTargetName, type TargetName } from '../drivers/target.ts';
import { outputCapFromEnv } from '../command/output-cap.ts';

/** The settings of one cucumber run: its target and how long commands and windows may take. */
export interface RunSettings {
  readonly target: TargetName;
  /** How long one command may run before it is ended. */
  readonly commandTimeoutMs: number;
  /** How long a window may take to show a shell prompt again. */
  readonly windowReadyTimeoutMs: number;
  /** How much of one command's output is kept (MOUNTLAB_OUTPUT_CAP_BYTES, default 16 MiB). */
  readonly outputCapBytes: number;
}

/** World parameters (profiles, --world-parameters) win over the environment, then defaults. */
export function runSettings(worldParameters: Readonly<Record<string, unknown>>, env: NodeJS.ProcessEnv): RunSettings {
  const fromWorld = worldParameters.target;
  const target = typeof fromWorld === 'string'
    ? parseTargetName(fromWorld, 'the cucumber profile\'s worldParameters.target')
    : env.MOUNTLAB_TARGET !== undefined && env.MOUNTLAB_TARGET !== ''
      ? parseTargetName(env.MOUNTLAB_TARGET, 'MOUNTLAB_TARGET')
      : 'local';
  // cucumber sets CUCUMBER_PARALLEL in each of its --parallel workers; `npm run lab` refuses the
  // vagrant target with --parallel too, but a profile or --world-parameters can still name it.
  if (target === 'vagrant' && env.CUCUMBER_PARALLEL === 'true') {
    throw new Error('the vagrant target has one VM (lab/Vagrantfile\'s), which root-namespace scenarios reset, so it runs one scenario at a time: run it without --parallel, or use --target qemu --parallel N (a lab VM per worker)');
  }
  const slow = target === 'qemu' || target === 'vagrant';
  return {
    target,
    commandTimeoutMs: numberFrom(env.MOUNTLAB_COMMAND_TIMEOUT_MS, slow ? 120_000 : 60_000),
    windowReadyTimeoutMs: numberFrom(env.MOUNTLAB_WINDOW_TIMEOUT_MS, slow ? 60_000 : 15_000),
    outputCapBytes: outputCapFromEnv(env),
  };
}

function numberFrom(text: string | undefined, fallback: number): number {
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`expected a positive number of milliseconds, got "${text}"`);
  return n;
}
