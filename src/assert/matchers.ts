import { expect as baseExpect } from 'expect';
import type { ErrnoName } from '../errno/table.ts';
import type { PropagationKind } from '../mountinfo/propagation.ts';
import type { MountView } from '../scenario/mount-view.ts';
import { toFailWithErrno, toHaveSyscallOutcome, toHaveSyscallOutcomeOn, toSucceed } from './errno.ts';
import { toHaveMountPoint } from './mount-point.ts';
import { toHaveFilesystemType, toHaveMountOption, toHaveMountSource } from './mount-options.ts';
import { toBePeerOf, toBeSlaveOf, toHavePropagation } from './propagation.ts';
import { toHaveMountCountUnder, toMatchNotedTable } from './mount-table.ts';

declare module 'expect' {
  interface Matchers<R extends void | Promise<void>> {
    toHaveMountPoint(path: string): R;
    toHavePropagation(path: string, kind: PropagationKind): R;
    toBePeerOf(path: string, other: MountView, otherPath: string): R;
    toBeSlaveOf(path: string, master: MountView, masterPath: string): R;
    toHaveMountOption(path: string, option: string): R;
    toHaveFilesystemType(path: string, fsType: string): R;
    toHaveMountSource(path: string, source: string): R;
    toMatchNotedTable(noted: MountView): R;
    toHaveMountCountUnder(path: string, count: number): R;
    toSucceed(history: string): R;
    toFailWithErrno(errno: ErrnoName, history: string): R;
    toHaveSyscallOutcome(syscall: string, errno: ErrnoName | null, history: string): R;
    toHaveSyscallOutcomeOn(syscall: string, path: string, errno: ErrnoName | null, history: string): R;
  }
}

baseExpect.extend({
  toHaveMountPoint, toHavePropagation, toBePeerOf, toBeSlaveOf, toHaveMountOption, toHaveFilesystemType, toHaveMountSource,
  toMatchNotedTable, toHaveMountCountUnder, toSucceed, toFailWithErrno, toHaveSyscallOutcome, toHaveSyscallOutcomeOn,
});

/** expect() with mountlab's matchers: mount tables (MountView) and command runs (ScenarioCommand). */
export const expect = baseExpect;
