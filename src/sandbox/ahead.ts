import type { Transport } from '../transport/types.ts';
import { whileOpen } from '../machine/registry.ts';
import { Sandbox, type SandboxOptions } from './sandbox.ts';

interface Made {
  readonly sandbox: Promise<Sandbox>;
  /** Forgets the Ctrl-C cleanup once a scenario owns the sandbox (its Scenario registers its own). */
  readonly forget: () => void;
}

/** The sandbox made ahead on each machine (keyed by its transport: a VM reset gives a new one). */
const ahead = new Map<Transport, Made>();

function makeAhead(transport: Transport, options: SandboxOptions, owner: string): Made {
  const sandbox = Sandbox.create(transport, options, owner);
  sandbox.catch(() => undefined); // a failure is the taker's to report
  const forget = whileOpen(async () => { await (await sandbox).destroy(); });
  return { sandbox, forget };
}

/**
 * A new sandbox for a scenario: the one made while the previous scenario ran when there is one,
 * and the next one is started at once, so `Given a fresh lab` finds it waiting. Every scenario of
 * a run has the same options and owner (this mountlab process, for the reaper), so a sandbox made
 * ahead fits the next one.
 */
export function takeSandbox(transport: Transport, options: SandboxOptions, owner: string): Promise<Sandbox> {
  const made = ahead.get(transport) ?? makeAhead(transport, options, owner);
  made.forget();
  ahead.set(transport, makeAhead(transport, options, owner));
  return made.sandbox;
}

/** Ends the sandboxes made ahead that no scenario took (at the end of a run, before the machine stops). */
export async function endSandboxesAhead(): Promise<void> {
  const left = [...ahead.values()];
  ahead.clear();
  await Promise.all(left.map(async (m) => {
    m.forget();
    const sandbox = await m.sandbox.catch(() => undefined);
    await sandbox?.destroy().catch(() => undefined);
  }));
}
