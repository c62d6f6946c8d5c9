/** The qemu driver's settings, read from the environment. */
import { parseAccelRequest } from './accel.ts';
import { QemuTarget } from './target.ts';
import { envReader } from '../shared/env.ts';
import { keepFromEnv } from '../shared/keep.ts';

/**
 * MOUNTLAB_IMAGE (name or directory), MOUNTLAB_ACCEL (kvm|tcg|auto), MOUNTLAB_BOOT (snapshot|cold),
 * MOUNTLAB_KEEP=1 (leave the VM running at the end), MOUNTLAB_RESUME_AHEAD (auto|on|off: resume
 * the VM a reset switches to while the scenario before it runs).
 */
export function qemuTargetFromEnv(env: NodeJS.ProcessEnv): QemuTarget {
  const get = envReader(env);
  const boot = get('MOUNTLAB_BOOT') ?? '';
  if (boot !== '' && boot !== 'snapshot' && boot !== 'cold') throw new Error(`MOUNTLAB_BOOT must be snapshot or cold, got "${boot}"`);
  const image = get('MOUNTLAB_IMAGE');
  const resumeAhead = get('MOUNTLAB_RESUME_AHEAD') ?? 'auto';
  if (resumeAhead !== 'auto' && resumeAhead !== 'on' && resumeAhead !== 'off') throw new Error(`MOUNTLAB_RESUME_AHEAD must be auto, on or off, got "${resumeAhead}"`);
  return new QemuTarget({
    ...(image !== undefined ? { image } : {}),
    accel: parseAccelRequest(env.MOUNTLAB_ACCEL),
    boot: boot === 'cold' ? 'cold' : 'snapshot',
    keep: keepFromEnv(env),
    resumeAhead,
  });
}
