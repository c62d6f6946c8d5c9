import { createRequire } from 'node:module';
import type { expect as Expect } from 'expect';
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

const load = createRequire(import.meta.url);
let extended: typeof Expect | undefined;

/** The expect package, with mountlab's matchers added, loaded on first use (see expect below). */
function loaded(): typeof Expect {
  if (extended === undefined) {
    const { expect } = load('expect') as typeof import('expect');
    expect.extend({
      toHaveMountPoint, toHavePropagation, toBePeerOf, toBeSlaveOf, toHaveMountOption, toHaveFilesystemType, toHaveMountSource,
      toMatchNotedTable, toHaveMountCountUnder, toSucceed, toFailWithErrno, toHaveSyscallOutcome, toHaveSyscallOutcomeOn,
    });
    extended = expect;
  }
  return extended;
}

/**
 * expect() with mountlab's matchers: mount tables (MountView) and command runs (ScenarioCommand).
 * The package is loaded at the first assertion, not when the steps load: it and its dependencies
 * take 80-150 ms of Node's start on a 2-core machine, which `npm run lab` spent before its first
 * step (bench/startup.ts).
 */
export const expect: typeof Expect = new Proxy((() => undefined) as unknown as typeof Expect, {
  apply: (_target, _this, args: Parameters<typeof Expect>) => loaded()(...args),
  get: (_target, property) => Reflect.get(loaded(), property) as unknown,
});
