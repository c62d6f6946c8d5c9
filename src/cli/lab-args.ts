import { MATRIX_KERNELS } from '../report/matrix/model.ts';
import { parseTargetName, type TargetName } from '../drivers/target.ts';

export interface LabArgs {
  readonly target: TargetName | undefined;
  /** Cucumber profile; defaults to the target's own. */
  readonly profile: string | undefined;
  readonly keep: boolean;
  /** Also write a workshop handout per feature (reports/<target>/handout/, src/report/handout/). */
  readonly handout: boolean;
  /** With --matrix: the kernels to run on, in that order (default all, oldest first); else undefined. */
  readonly kernels: readonly string[] | undefined;
  /** --step or --exercise: one scenario driven by hand in the terminal (src/workshop/). */
  readonly workshop: { readonly mode: 'step' | 'exercise'; readonly location: string } | undefined;
  /** Passed to cucumber-js as they are: --tags, feature paths, --name… */
  readonly cucumberArgs: readonly string[];
}

export const LAB_USAGE = `usage: npm run lab -- [--target local|qemu|vagrant|ssh] [--profile NAME] [--keep] [--handout] [--matrix [--kernels K,…]] [cucumber-js options and feature paths]
  --target   where experiments run (default: MOUNTLAB_TARGET, else qemu, the lab VM)
  --profile  a profile of cucumber.mjs (default: the target's)
  --keep     leave the lab VM running afterwards and print how to reach it
  --step FEATURE:LINE      one scenario a step at a time in this terminal (docs/workshop.md)
  --exercise FEATURE:LINE  the scenario as an exercise: set up, then a shell and \`check\`
  --handout  also write one workshop page per feature to reports/<target>/handout/ (docs/workshop.md)
  --matrix   run every feature on each kernel image (${MATRIX_KERNELS.join(', ')}), one kernel after
             another, then reports/matrix.html; --kernels bullseye,trixie picks some (docs/matrix.md)
  anything else goes to cucumber-js: --tags '@propagation and not @requires-vm', features/privatetmp.feature`;

/** `--kernels a,b`: known kernels, each once, in the order given. */
function parseKernels(value: string | undefined): string[] {
  const list = (value ?? '').split(',').map((k) => k.trim()).filter((k) => k !== '');
  if (list.length === 0) throw new Error(`--kernels needs a list such as ${MATRIX_KERNELS.join(',')}\n${LAB_USAGE}`);
  const unknown = list.filter((k) => !(MATRIX_KERNELS as readonly string[]).includes(k));
  if (unknown.length > 0) throw new Error(`--kernels: unknown kernel ${unknown.join(', ')}: the lab images are ${MATRIX_KERNELS.join(', ')} (lab/image/build.sh --kernel)\n${LAB_USAGE}`);
  const repeated = list.filter((k, j) => list.indexOf(k) !== j);
  if (repeated.length > 0) throw new Error(`--kernels names ${repeated.join(', ')} twice\n${LAB_USAGE}`);
  return list;
}

export function parseLabArgs(argv: readonly string[], env: NodeJS.ProcessEnv): LabArgs {
  let target: TargetName | undefined;
  let profile: string | undefined;
  let keep = false;
  let handout = false;
  let matrix = false;
  let kernels: string[] | undefined;
  let workshop: LabArgs['workshop'];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new Error(`${flag} needs a value\n${LAB_USAGE}`);
      return v;
    };
    if (flag === '--target') target = parseTargetName(value(), '--target');
    else if (flag === '--profile') profile = value();
    else if (flag === '--keep') keep = true;
    else if (flag === '--handout') handout = true;
    else if (flag === '--matrix') matrix = true;
    else if (flag === '--kernels') kernels = parseKernels(inline ?? argv[++i]);
    else if (flag === '--step' || flag === '--exercise') {
      if (workshop !== undefined) throw new Error(`--step and --exercise take one scenario, once\n${LAB_USAGE}`);
      workshop = { mode: flag === '--step' ? 'step' : 'exercise', location: value() };
    } else if (flag === '--help' || flag === '-h') throw new Error(LAB_USAGE);
    else rest.push(arg);
  }
  if (target === undefined && env.MOUNTLAB_TARGET !== undefined && env.MOUNTLAB_TARGET !== '') {
    target = parseTargetName(env.MOUNTLAB_TARGET, 'MOUNTLAB_TARGET');
  }
  const parallel = rest.find((a) => a === '--parallel' || a.startsWith('--parallel='));
  if (parallel !== undefined && !matrix && (target === 'vagrant' || profile === 'vagrant')) {
    throw new Error(`${parallel} runs scenarios side by side in cucumber workers, each on a machine of its own: a sandbox on the local target or an ssh host, a lab VM of its own on the qemu target. The vagrant target has one VM (lab/Vagrantfile's), which root-namespace scenarios reset, so it runs one scenario at a time. Use --target qemu --parallel N\n${LAB_USAGE}`);
  }
  if (workshop !== undefined) {
    if (matrix) throw new Error(`${workshop.mode === 'step' ? '--step' : '--exercise'} runs one scenario on one target, not --matrix\n${LAB_USAGE}`);
    if (rest.length > 0) throw new Error(`${workshop.mode === 'step' ? '--step' : '--exercise'} takes no cucumber-js options (got ${rest.join(' ')})\n${LAB_USAGE}`);
  }
  if (!matrix) {
    if (kernels !== undefined) throw new Error(`--kernels goes with --matrix\n${LAB_USAGE}`);
    return { target, profile, keep, handout, kernels: undefined, workshop, cucumberArgs: rest };
  }
  if (target !== undefined && target !== 'qemu') {
    throw new Error(`--matrix runs on the qemu target (one lab VM image per kernel), not ${target} (from --target or MOUNTLAB_TARGET)\n${LAB_USAGE}`);
  }
  if (handout) throw new Error(`--handout does not go with --matrix: run it on one target\n${LAB_USAGE}`);
  if (keep) throw new Error(`--keep does not go with --matrix: each kernel gets its own VM, stopped after its run\n${LAB_USAGE}`);
  return { target, profile, keep, handout, kernels: kernels ?? [...MATRIX_KERNELS], workshop: undefined, cucumberArgs: rest };
}
