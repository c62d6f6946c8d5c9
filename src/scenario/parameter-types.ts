import { errnoRegexpSource, type ErrnoName } from '../errno/table.ts';
import { PROPAGATION_KINDS, type PropagationKind } from '../mountinfo/propagation.ts';
import { parseKernelVersion, type KernelVersion } from '../kernel/version.ts';
import { PLACE_REGEXP, placeFrom, type Place } from './place.ts';

/** A cucumber parameter type, as steps/support/parameters.ts registers it. */
export interface ParameterTypeDefinition<T> {
  readonly name: string;
  readonly regexp: RegExp;
  readonly transformer: (...groups: string[]) => T;
  /** False for types cucumber must not guess into the snippets of undefined steps. */
  readonly useForSnippets?: boolean;
}

// errno and propagation match only valid names, so a typo makes the step undefined (and
// src/runtime/vocabulary.ts names the word and the valid ones).
export const ERRNO: ParameterTypeDefinition<ErrnoName> = {
  name: 'errno',
  regexp: new RegExp(errnoRegexpSource()),
  transformer: (name) => name as ErrnoName,
};

export const PROPAGATION: ParameterTypeDefinition<PropagationKind> = {
  name: 'propagation',
  // Longest first: "shared and slave" before "shared".
  regexp: new RegExp([...PROPAGATION_KINDS].sort((a, b) => b.length - a.length).join('|')),
  transformer: (kind) => kind as PropagationKind,
};

export const VERSION: ParameterTypeDefinition<KernelVersion> = {
  name: 'version',
  regexp: /\d+\.\d+(?:\.\d+)?/,
  transformer: (text) => parseKernelVersion(text),
};

// Written right after the words it follows ("is a mount point{place}"): it brings its own
// leading space and may be empty, so the sandbox needs no words. Matching nothing, it must not
// appear in snippets.
export const PLACE: ParameterTypeDefinition<Place> = {
  name: 'place',
  regexp: PLACE_REGEXP,
  transformer: (sandbox, kind, name) => placeFrom(sandbox, kind, name),
  useForSnippets: false,
};

export const PARAMETER_TYPES: readonly ParameterTypeDefinition<unknown>[] = [ERRNO, PROPAGATION, VERSION, PLACE];
