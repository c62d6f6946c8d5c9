import { formatKernelVersion, isAtLeast, parseKernelVersion, type KernelVersion } from '../kernel/version.ts';
import { chooseOutcome, type OutcomeRow } from '../runtime/kernel-outcomes.ts';

/** What one assertion step becomes when negated, or why it cannot be. */
export type Negation =
  | { readonly kind: 'negated'; readonly text: string; readonly table?: Table; readonly change?: string }
  | { readonly kind: 'cannot'; readonly reason: string };

/** A step's data table, header row first (a per-kernel outcome table: | kernels | count |). */
export type Table = readonly (readonly string[])[];

/** Steps of an outcome block that act rather than assert ("And I run …" after a Then). */
const ACTION = /^I (?:run|note)\b/;

type Rule = readonly [RegExp, (m: RegExpExecArray, kernel: KernelVersion) => string];

const swap = (a: string, b: string): Rule[] => [
  [new RegExp(`^(.*)${a}(.*)$`), (m) => `${m[1]}${b}${m[2]}`],
];

/** Another kind, never one the original implies (a "shared and slave" mount is not "slave"). */
const OTHER_KIND: Readonly<Record<string, string>> = {
  shared: 'private',
  private: 'shared',
  slave: 'private',
  'shared and slave': 'private',
  unbindable: 'private',
};

const otherErrno = (e: string): string => (e === 'EINVAL' ? 'EPERM' : 'EINVAL');

/** First match wins; order matters where one sentence contains another's words. */
const RULES: readonly Rule[] = [
  // The kernel branch picks the outcome for this kernel: move the boundary to the kernel's other side.
  [/^it fails with (\S+) on kernels before (\S+) and succeeds from (\S+)$/, (m, kernel) => {
    const since = isAtLeast(kernel, parseKernelVersion(m[3] ?? '')) ? '99.0' : '1.0';
    return `it fails with ${m[1]} on kernels before ${since} and succeeds from ${since}`;
  }],
  [/^it succeeds$/, () => 'it fails'],
  [/^it fails$/, () => 'it succeeds'],
  [/^(.*) fails with (E[A-Z0-9]+)$/, (m) => `${m[1]} fails with ${otherErrno(m[2] ?? '')}`],
  [/^(the \w+ syscall(?: on "[^"]*")?) succeeds$/, (m) => `${m[1]} fails with EPERM`],
  ...swap(' is not a mount point', ' is a mount point'),
  ...swap(' is a mount point', ' is not a mount point'),
  ...swap(' is not mounted read-only', ' is mounted read-only'),
  ...swap(' is mounted read-only', ' is not mounted read-only'),
  ...swap(' are not peers', ' are peers'),
  ...swap(' are peers', ' are not peers'),
  ...swap(' is not a peer of ', ' is a peer of '),
  ...swap(' is a peer of ', ' is not a peer of '),
  ...swap(' is not a slave of ', ' is a slave of '),
  ...swap(' is a slave of ', ' is not a slave of '),
  ...swap(' is not as noted', ' is as noted'),
  ...swap(' is as noted', ' is not as noted'),
  ...swap('the output does not contain ', 'the output contains '),
  ...swap('the output contains ', 'the output does not contain '),
  ...swap('the output is empty', 'the output is not empty'),
  ...swap('the kernel log has a line matching ', 'the kernel log has no line matching '),
  [/^(.*) has propagation (shared and slave|shared|private|slave|unbindable)(.*)$/, (m) => `${m[1]} has propagation ${OTHER_KIND[m[2] ?? ''] ?? 'private'}${m[3]}`],
  [/^(.*) has filesystem type "([^"]*)"(.*)$/, (m) => `${m[1]} has filesystem type "${m[2] === 'tmpfs' ? 'ramfs' : 'tmpfs'}"${m[3]}`],
  [/^(.*) is mounted from "([^"]*)"(.*)$/, (m) => `${m[1]} is mounted from "${m[2] === 'tmpfs' ? 'none' : 'tmpfs'}"${m[3]}`],
  // Counts become one more: an exact count then fails, a loose one ("at least") shows its slack.
  [/^(.*?\b)(\d+)( \w+ syscalls| mounts at or under .*)$/, (m) => `${m[1]}${Number(m[2]) + 1}${m[3]}`],
];

/** True for the steps the proof negates: assertions, not actions written after a Then. */
export function isAssertion(text: string): boolean {
  return !ACTION.test(text);
}

/**
 * A per-kernel outcome table ("… per kernel:" and | kernels | value |): the row that applies on
 * `kernel` gets another value (a count one more), the other rows stay, so only this kernel's claim changes.
 */
function negateOutcomeTable(table: Table, kernel: KernelVersion): Negation {
  const rows: OutcomeRow[] = table.slice(1).map(([kernels = '', value = '']) => ({ kernels, value }));
  const { index, row } = chooseOutcome(rows, kernel, formatKernelVersion(kernel), (v) => v);
  if (!/^\d+$/.test(row.value)) return { kind: 'cannot', reason: `the row "${row.kernels}" holds "${row.value}", not a count` };
  const changed = table.map((cells, i) => (i === index + 1 ? [cells[0] ?? '', String(Number(row.value) + 1)] : cells));
  return { kind: 'negated', text: '', table: changed, change: `row "${row.kernels}": ${row.value} -> ${Number(row.value) + 1}` };
}

/** The step's text (and table) with its claim reversed, judged on `kernel` (for steps whose outcome depends on it). */
export function negate(text: string, kernel: KernelVersion, table?: Table): Negation {
  if (/ per kernel:$/.test(text) && table !== undefined) {
    const n = negateOutcomeTable(table, kernel);
    return n.kind === 'negated' ? { ...n, text } : n;
  }
  for (const [pattern, rewrite] of RULES) {
    const m = pattern.exec(text);
    if (m !== null) return { kind: 'negated', text: rewrite(m, kernel) };
  }
  return { kind: 'cannot', reason: 'no negation rule matches this sentence (src/proof/mutate.ts)' };
}
