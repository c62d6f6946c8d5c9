import { defineParameterType } from '@cucumber/cucumber';
import { errnoRegexpSource, type ErrnoName } from '../../src/errno/table.ts';
import { PROPAGATION_KINDS, type PropagationKind } from '../../src/mountinfo/propagation.ts';
import { parseKernelVersion, type KernelVersion } from '../../src/kernel/version.ts';
import type { ProcessRef } from '../../src/scenario/lab-scenario.ts';

// Only valid names match, so a typo makes the step undefined (and the vocabulary check in the
// Before hook names the word and the valid ones).
defineParameterType({
  name: 'errno',
  regexp: new RegExp(errnoRegexpSource()),
  transformer: (name: string): ErrnoName => name as ErrnoName,
});

defineParameterType({
  name: 'propagation',
  // Longest first: "shared and slave" before "shared".
  regexp: new RegExp([...PROPAGATION_KINDS].sort((a, b) => b.length - a.length).join('|')),
  transformer: (kind: string): PropagationKind => kind as PropagationKind,
});

defineParameterType({
  name: 'version',
  regexp: /\d+\.\d+(?:\.\d+)?/,
  transformer: (text: string): KernelVersion => parseKernelVersion(text),
});

// `in unit "privtmp"` / `in container "mlc"` / `in docker container "c1"`: the mount namespace of
// a systemd unit's main process, of a runc container's init, or of a Docker container's init.
// Windows have their own phrases ("in window {string}").
defineParameterType({
  name: 'process',
  regexp: /in (unit|container|docker container) "([^"]*)"/,
  transformer: (kind: string, name: string): ProcessRef => ({ kind: kind as ProcessRef['kind'], name }),
});
