import { parseTargetName, type TargetName } from '../drivers/target.ts';

export interface LabArgs {
  readonly target: TargetName | undefined;
  /** Cucumber profile; defaults to the target's own. */
  readonly profile: string | undefined;
  readonly keep: boolean;
  readonly matrix: boolean;
  /** Passed to cucumber-js as they are: --tags, feature paths, --name… */
  readonly cucumberArgs: readonly string[];
}

export const LAB_USAGE = `usage: npm run lab -- [--target local|qemu|vagrant|ssh] [--profile NAME] [--keep] [--matrix] [cucumber-js options and feature paths]
  --target   where experiments run (default: MOUNTLAB_TARGET, else qemu, the lab VM)
  --profile  a profile of cucumber.mjs (default: the target's)
  --keep     leave the lab VM running afterwards and print how to reach it
  --matrix   run every feature on each kernel image (bullseye 5.10, bookworm 6.1, trixie 6.12),
             then reports/matrix.html; --kernels bullseye,trixie picks some (docs/matrix.md)
  anything else goes to cucumber-js: --tags '@propagation and not @requires-vm', features/privatetmp.feature`;

export function parseLabArgs(argv: readonly string[], env: NodeJS.ProcessEnv): LabArgs {
  let target: TargetName | undefined;
  let profile: string | undefined;
  let keep = false;
  let matrix = false;
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
    else if (flag === '--matrix') matrix = true;
    else if (flag === '--help' || flag === '-h') throw new Error(LAB_USAGE);
    else rest.push(arg);
  }
  if (target === undefined && env.MOUNTLAB_TARGET !== undefined && env.MOUNTLAB_TARGET !== '') {
    target = parseTargetName(env.MOUNTLAB_TARGET, 'MOUNTLAB_TARGET');
  }
  return { target, profile, keep, matrix, cucumberArgs: rest };
}
