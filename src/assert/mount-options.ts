import type { MatcherContext, SyncExpectationResult } from 'expect';
import type { MountView } from '../scenario/mount-view.ts';
import { explainMounts, isMount, mountAt, notWord } from './explain.ts';

/** Per-mount options (proc(5) field 6): ro, nosuid, nodev, noexec, relatime... */
export function toHaveMountOption(this: MatcherContext, view: MountView, path: string, option: string): SyncExpectationResult {
  const mount = mountAt(view, path);
  if (!isMount(mount)) return mount;
  const pass = mount.mountOptions.includes(option);
  return {
    pass,
    message: () => `expected ${path} ${notWord(this.isNot)}to be mounted with option "${option}" in ${view.where}; its mount options are ${mount.mountOptions.join(',')} (super options ${mount.superOptions.join(',')}).\n${explainMounts(view, path)}`,
  };
}

export function toHaveFilesystemType(this: MatcherContext, view: MountView, path: string, fsType: string): SyncExpectationResult {
  const mount = mountAt(view, path);
  if (!isMount(mount)) return mount;
  return {
    pass: mount.fsType === fsType,
    message: () => `expected ${path} ${notWord(this.isNot)}to have filesystem type "${fsType}" in ${view.where}; it is "${mount.fsType}".\n${explainMounts(view, path)}`,
  };
}

/** The mount source (proc(5): the field after the fs type), e.g. a device or "tmpfs". */
export function toHaveMountSource(this: MatcherContext, view: MountView, path: string, source: string): SyncExpectationResult {
  const mount = mountAt(view, path);
  if (!isMount(mount)) return mount;
  return {
    pass: mount.source === source,
    message: () => `expected ${path} ${notWord(this.isNot)}to be mounted from "${source}" in ${view.where}; it is mounted from "${mount.source}".\n${explainMounts(view, path)}`,
  };
}
