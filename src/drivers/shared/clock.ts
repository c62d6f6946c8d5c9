import { randomBytes } from 'node:crypto';
import type { Transport } from '../../transport/types.ts';

/**
 * After a VM resumes from a snapshot its clock stands at the moment of the save, and every clone
 * has the same random state: set the time from this computer and mix fresh bytes into the guest's
 * pool (a write to /dev/urandom stirs the pool; it does not credit entropy, see random(4)).
 * Returns null when done, else why it could not be done (the caller warns; the VM still works).
 */
export async function resetClockAndRng(transport: Transport): Promise<string | null> {
  const secs = (Date.now() / 1000).toFixed(3);
  const noise = randomBytes(64).toString('hex');
  const r = await transport.exec(['sh', '-c', 'date -u -s "@$1" >/dev/null && printf %s "$2" >/dev/urandom', 'mountlab-sync', secs, noise]);
  return r.failed ? r.stderr.trim() : null;
}
