import type { MountTable } from '../mountinfo/table.ts';

/** The mount table of a place a step looks at, with what failure messages need. */
export interface MountView {
  /** e.g. "the sandbox", 'window "other"', 'unit "privtmp" (PID 812)'. */
  readonly where: string;
  readonly table: MountTable;
  /** The commands run so far, for failure messages. */
  readonly history: string;
}
