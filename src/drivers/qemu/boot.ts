/**
 * Waiting for a starting lab VM: ssh in as root (host key pinned from the image's manifest)
 * while qemu lives, with a progress line every two seconds. A qemu that dies meanwhile turns
 * into "lab VM (pid N) died during boot: …; last console lines: …".
 */
import { readFile } from 'node:fs/promises';
import { connectSsh, type SshTransport } from '../../transport/ssh/index.ts';
import type { LabImage } from '../../image/catalogue.ts';
import type { QemuVm } from './vm.ts';

export class VmDiedError extends Error {
  override readonly name = 'VmDiedError';
}

/** Calls progress(`${label}… N s`) every `everyMs` until stopped; returns the stopper. */
export function ticker(label: string, progress: ((line: string) => void) | undefined, everyMs = 2000): { stop: () => number } {
  const started = performance.now();
  const timer = progress
    ? setInterval(() => {
        progress(`${label}… ${Math.round((performance.now() - started) / 1000)} s`);
      }, everyMs)
    : undefined;
  return {
    stop: () => {
      clearInterval(timer);
      return performance.now() - started;
    },
  };
}

export interface SshWaitOptions {
  readonly timeoutMs: number;
  /** e.g. "booting lab VM (tcg)"; printed every two seconds with the seconds elapsed. */
  readonly label: string;
  readonly progress?: (line: string) => void;
  readonly username?: 'root' | 'vagrant';
}

export async function sshInto(vm: QemuVm, image: LabImage, o: SshWaitOptions): Promise<SshTransport> {
  const privateKey = await readFile(image.privateKey);
  const username = o.username ?? 'root';
  const tick = ticker(o.label, o.progress);
  const died = vm.exited.then(() => {
    throw new VmDiedError(`lab VM (pid ${vm.pid}) died during boot: ${vm.describeExit()}`);
  });
  const connecting = connectSsh(
    {
      host: '127.0.0.1',
      port: vm.sshPort,
      username,
      privateKey,
      privateKeyName: image.privateKey,
      hostKey: { pinnedSha256: image.manifest.hostKeySha256 },
      sudo: username !== 'root',
    },
    { retryForMs: o.timeoutMs, readyTimeoutMs: Math.min(o.timeoutMs, 30_000) },
  );
  try {
    return await Promise.race([connecting, died]);
  } catch (err) {
    // the VM died first: close the connection that may still come up
    void connecting.then((t) => t.close()).catch(() => undefined);
    if (vm.exit !== null && !(err instanceof VmDiedError) && !vm.endedByUs) {
      throw new VmDiedError(`lab VM (pid ${vm.pid}) died during boot: ${vm.describeExit()}`);
    }
    throw err;
  } finally {
    tick.stop();
    died.catch(() => undefined);
  }
}
