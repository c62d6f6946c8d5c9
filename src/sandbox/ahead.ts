import type { Transport } from '../transport/types.ts';
import { whileOpen } from '../machine/registry.ts';
import { Sandbox, type SandboxOptions } from './sandbox.ts';

interface Made {
  readonly sandbox: Promise<Sandbox>;
  /** Forgets the Ctrl-C cleanup once a scenario owns the sandbox (its Scenario registers its own). */
  readonly forget: () => void;
}

/** Sandboxes being ended while the next scenario runs, and what went wrong ending any of them. */
const behind = new Set<Promise<void>>();
const endFailures: string[] = [];

/**
 * Ends a scenario's sandbox in the background: the next scenario starts at once. The leak check
 * need not wait for it: a sandbox holds no mount of the machine's root namespace (launch.ts), so
 * the machine's table reads the same before and after its teardown. `ended` runs once it is gone.
 */
export function endBehind(sandbox: Sandbox, ended: () => void, failed: (sandbox: Sandbox) => void): void {
  const ending: Promise<void> = sandbox.destroy()
    .catch((e: unknown) => {
      endFailures.push(`${sandbox.description}: ${e instanceof Error ? e.message : String(e)}`);
      failed(sandbox);
    })
    .finally(() => { behind.delete(ending); ended(); });
  behind.add(ending);
}

/** The sandboxes ended behind that could not be ended since the last call, each with why. */
export function takeEndFailures(): string[] {
  return endFailures.splice(0);
}

/**
 * Waits until every sandbox ended behind is gone (before the machine is reset or stopped, and at
 * the end of a run); throws when one of them could not be ended.
 */
export async function sandboxesEndedBehind(): Promise<void> {
  while (behind.size > 0) await Promise.all([...behind]);
  const failures = takeEndFailures();
  if (failures.length > 0) throw new Error(`could not end ${failures.length === 1 ? 'a sandbox' : 'sandboxes'} after its scenario:\n${failures.join('\n')}`);
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
