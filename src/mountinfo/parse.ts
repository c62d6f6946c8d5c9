import { unescapeMountInfoPath } from './escape.ts';

export { escapeMountInfoPath, unescapeMountInfoPath } from './escape.ts';

/** The propagation state carried by mountinfo's optional fields; peer group IDs are global across namespaces. */
export interface Propagation {
  readonly shared: number | null;
  readonly master: number | null;
  readonly propagateFrom: number | null;
  readonly unbindable: boolean;
}

/** One line of /proc/PID/mountinfo, fields as in proc(5), paths and options unescaped. */
export interface MountInfo {
  readonly id: number;
  readonly parentId: number;
  readonly major: number;
  readonly minor: number;
  readonly root: string;
  readonly mountPoint: string;
  readonly mountOptions: readonly string[];
  readonly optionalFields: readonly string[];
  readonly propagation: Propagation;
  readonly fsType: string;
  readonly source: string;
  readonly superOptions: readonly string[];
  readonly line: string;
}

export class MountInfoParseError extends Error {
  override readonly name = 'MountInfoParseError';

  constructor(
    readonly line: string,
    readonly field: string,
    readonly problem: string,
    readonly lineNumber: number | null = null,
  ) {
    const where = lineNumber === null ? 'mountinfo' : `mountinfo line ${lineNumber}`;
    super(`${where}: bad ${field}: ${problem}, in line "${line}"`);
  }
}

const FIELDS_BEFORE_OPTIONAL = 6;
const FIELDS_AFTER_SEPARATOR = 3;
const DECIMAL = /^\d+$/;
const DEVICE = /^(\d+):(\d+)$/;
const PEER_GROUP_TAG = /^(shared|master|propagate_from):(\d+)$/;
const KNOWN_TAG_NAME = /^(shared|master|propagate_from)(:|$)/;

/** Parses the whole text of a mountinfo file; a trailing newline (an empty last line) is ignored. */
export function parseMountInfo(text: string): MountInfo[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map((line, index) => parseMountInfoLine(line, index + 1));
}

export function parseMountInfoLine(line: string, lineNumber: number | null = null): MountInfo {
  const fail = (field: string, problem: string) => new MountInfoParseError(line, field, problem, lineNumber);
  // Split on single spaces: an empty mount source is printed as an empty field ("tmpfs  rw").
  const fields = line.split(' ');
  const separator = fields.indexOf('-', FIELDS_BEFORE_OPTIONAL);
  if (separator === -1) {
    throw fail('separator', `no lone "-" after the first ${FIELDS_BEFORE_OPTIONAL} fields`);
  }
  const after = fields.length - separator - 1;
  if (after !== FIELDS_AFTER_SEPARATOR) {
    const expected = `expected ${FIELDS_AFTER_SEPARATOR} (filesystem type, mount source, super options)`;
    throw fail('fields after "-"', `${expected}, found ${after}`);
  }
  const [id, parentId, device, root, mountPoint, mountOptions] = fields as [string, string, string, string, string, string];
  const [fsType, source, superOptions] = fields.slice(separator + 1) as [string, string, string];
  const optionalFields = fields.slice(FIELDS_BEFORE_OPTIONAL, separator);
  const majorMinor = DEVICE.exec(device);
  if (majorMinor === null) throw fail('major:minor', `"${device}" is not two decimal numbers joined by ":"`);
  return {
    id: decimal(id, 'mount ID', fail),
    parentId: decimal(parentId, 'parent ID', fail),
    major: Number(majorMinor[1]),
    minor: Number(majorMinor[2]),
    root: unescapeMountInfoPath(root),
    mountPoint: unescapeMountInfoPath(mountPoint),
    mountOptions: splitOptions(mountOptions),
    optionalFields,
    propagation: parsePropagation(optionalFields, fail),
    fsType: unescapeMountInfoPath(fsType),
    source: unescapeMountInfoPath(source),
    superOptions: splitOptions(superOptions),
    line,
  };
}

type Fail = (field: string, problem: string) => MountInfoParseError;

function decimal(text: string, field: string, fail: Fail): number {
  if (!DECIMAL.test(text)) throw fail(field, `"${text}" is not a decimal number`);
  return Number(text);
}

/** Options are comma-separated; a comma inside a value is escaped as \054, so split first, then unescape. */
function splitOptions(field: string): string[] {
  return field === '' ? [] : field.split(',').map(unescapeMountInfoPath);
}

/** Reads shared:N, master:N, propagate_from:N and unbindable; other tags stay only in optionalFields. */
function parsePropagation(optionalFields: readonly string[], fail: Fail): Propagation {
  const groups = new Map<string, number>();
  let unbindable = false;
  for (const tag of optionalFields) {
    const match = PEER_GROUP_TAG.exec(tag);
    if (match !== null) groups.set(match[1] as string, Number(match[2]));
    else if (tag === 'unbindable') unbindable = true;
    else if (tag === '') throw fail('optional fields', 'an empty optional field (two spaces in a row)');
    else if (KNOWN_TAG_NAME.test(tag)) throw fail('optional fields', `"${tag}" has no decimal peer group ID`);
  }
  return {
    shared: groups.get('shared') ?? null,
    master: groups.get('master') ?? null,
    propagateFrom: groups.get('propagate_from') ?? null,
    unbindable,
  };
}
