import type { Capabilities } from '../machine/capabilities.ts';
import { chooseOutcome, outcomeRows } from '../runtime/kernel-outcomes.ts';

/** A row's value for kernels no run has measured yet: the step fails there, saying so, rather than guess. */
export const UNMEASURED = 'unmeasured';

/** A per-kernel outcome step: its Gherkin table, the column it reads, and the claim it makes. */
export interface PerKernelClaim {
  /** The data table's raw cells, header first: | kernels | <column> |. */
  readonly table: readonly (readonly string[])[];
  readonly column: string;
  /** The claim for one value, for the report: `4 mounts at or under "/tmp/docker" in window "c1"`. */
  readonly describe: (value: string) => string;
  /** Checks the claim for the value that applies; throws when it does not hold. */
  readonly check: (value: string) => Promise<void>;
  /** The value this kernel shows now, for an unmeasured row's message: the number to write in. */
  readonly observe: () => Promise<string>;
}

/**
 * Picks the table row for the running kernel, tells `explain` which one and why (before checking,
 * so the report has it when the check fails), then checks that row's value. The matrix reads
 * the explanation back (src/report/matrix/messages.ts) to compare the kernels.
 */
export async function expectPerKernel(c: Capabilities, claim: PerKernelClaim, explain: (why: string) => void): Promise<void> {
  const choice = chooseOutcome(outcomeRows(claim.table, claim.column), c.kernel, c.kernelRelease, claim.describe);
  explain(choice.explanation);
  if (choice.row.value === UNMEASURED) {
    const shown = await claim.observe().catch((e: unknown) => `(could not be read: ${String(e)})`);
    throw new Error(`no outcome has been measured on kernels "${choice.row.kernels}" (this is ${c.kernelRelease}); here the ${claim.column} is ${shown}: once a run on such a kernel shows the same, write it into the table's row "${choice.row.kernels}"`);
  }
  await claim.check(choice.row.value);
}
