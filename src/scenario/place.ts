/** A process started outside the scenario's windows: a systemd unit, a runc or a Docker container. */
export type ProcessKind = 'unit' | 'container' | 'docker container';

/**
 * Where a step looks: the sandbox (the scenario's own namespaces, where `When I run` runs), a
 * window's current shell, or the main process of a unit or container the scenario started.
 */
export type Place =
  | { readonly kind: 'sandbox' }
  | { readonly kind: 'window' | ProcessKind; readonly name: string };

export const SANDBOX: Place = { kind: 'sandbox' };

const NAMED_KINDS = ['window', 'unit', 'container', 'docker container'] as const;

/**
 * The `{place}` parameter type's text, with its leading space, so it can end a step or be left
 * out: nothing or ` in the sandbox` (` in the host` is the old wording), ` in window "x"`,
 * ` in unit "x"`, ` in container "x"`, ` in docker container "x"`.
 */
export const PLACE_REGEXP = new RegExp(`(?: in (the sandbox|the host)| in (${NAMED_KINDS.join('|')}) "([^"]*)")?`);

/** The place PLACE_REGEXP's groups name (all undefined: the sandbox). */
export function placeFrom(_sandbox?: string, kind?: string, name?: string): Place {
  if (kind === undefined || name === undefined) return SANDBOX;
  return { kind: kind as (typeof NAMED_KINDS)[number], name };
}

/** "the sandbox", 'window "other"', 'unit "privtmp"' … for messages and reports. */
export function describePlace(place: Place): string {
  return place.kind === 'sandbox' ? 'the sandbox' : `${place.kind} "${place.name}"`;
}
