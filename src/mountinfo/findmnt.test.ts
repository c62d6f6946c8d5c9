/**
 * Cross-checks the parser against util-linux findmnt on this machine's real mount tables: the host's
 * own (read only) and one built inside a private mount namespace that disappears with it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseMountInfo, type MountInfo } from './parse.ts';
import { propagationKind, type PropagationKind } from './propagation.ts';

/** The brief's columns plus ID, to pair findmnt's rows with mountinfo lines. Tree output, as findmnt prints by default. */
const FINDMNT = ['findmnt', '-J', '-o', 'ID,TARGET,SOURCE,FSTYPE,OPTIONS,PROPAGATION'];

interface FindmntRow {
  readonly id: number;
  readonly target: string;
  readonly source: string | null;
  readonly fstype: string;
  readonly options: string;
  readonly propagation: string;
  readonly children?: readonly FindmntRow[];
}

/** findmnt's PROPAGATION column: "shared" or "private", then ",slave" and ",unbindable" flags. */
const FINDMNT_PROPAGATION: Record<PropagationKind, string> = {
  shared: 'shared',
  private: 'private',
  slave: 'private,slave',
  'shared and slave': 'shared,slave',
  unbindable: 'private,unbindable',
};

/**
 * What findmnt prints for a mount. OPTIONS is libmount's merge of the two option fields: one rw/ro
 * flag ("ro" if either field says ro), then the rest of the per-mount options, then the rest of the
 * super options. SOURCE gets "[root]" appended for a bind of a subdirectory, and is null when empty.
 */
function expectedRow(m: MountInfo): Omit<FindmntRow, 'children'> {
  const flags = ['rw', 'ro'];
  const readOnly = m.mountOptions.includes('ro') || m.superOptions.includes('ro');
  const rest = [...m.mountOptions, ...m.superOptions].filter((o) => !flags.includes(o));
  const source = m.source === '' ? null : m.root === '/' ? m.source : `${m.source}[${m.root}]`;
  return {
    id: m.id,
    target: m.mountPoint,
    source,
    fstype: m.fsType,
    options: [readOnly ? 'ro' : 'rw', ...rest].join(','),
    propagation: FINDMNT_PROPAGATION[propagationKind(m)],
  };
}

function flatten(rows: readonly FindmntRow[]): Omit<FindmntRow, 'children'>[] {
  return rows.flatMap(({ children, ...row }) => [row, ...flatten(children ?? [])]);
}

function assertFindmntAgrees(mountinfo: string, findmntJson: string): void {
  const ours = parseMountInfo(mountinfo).map(expectedRow).sort((a, b) => a.id - b.id);
  const theirs = flatten((JSON.parse(findmntJson) as { filesystems: FindmntRow[] }).filesystems).sort((a, b) => a.id - b.id);
  assert.deepEqual(theirs, ours);
}

function run(argv: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const [command = '', ...args] = argv;
  return spawnSync(command, args, { encoding: 'utf8' });
}

const findmntMissing = run(['findmnt', '--version']).status !== 0 ? 'findmnt (util-linux) is not installed' : false;

test('findmnt agrees with the parse of the host table', { skip: findmntMissing }, () => {
  // Read the table on both sides of findmnt; retry if it changed in between.
  for (let attempt = 1; ; attempt++) {
    const before = readFileSync('/proc/self/mountinfo', 'utf8');
    const findmnt = run(FINDMNT);
    assert.equal(findmnt.status, 0, findmnt.stderr);
    if (before === readFileSync('/proc/self/mountinfo', 'utf8') || attempt === 3) {
      assertFindmntAgrees(before, findmnt.stdout);
      return;
    }
  }
});

/** Run by sh inside the new namespace with the base directory as $1; mounts only on and under it. */
const BUILD_TABLE = String.raw`
set -eu
mount -t tmpfs 'lab base' "$1"
cd "$1"
tab=$(printf 'tab\there') newline=$(printf 'new\nline')
mkdir 'with space' 'bind of sub' "$tab" "$newline" 'back\slash' shared peer slave both unbindable stack
mount -t tmpfs 'source with space' 'with space'
mkdir 'with space/in side'
mount --bind 'with space/in side' 'bind of sub'
mount -t tmpfs tab "$tab"
mount -t tmpfs -o ro,nosuid,size=1m none "$newline"
mount -t tmpfs '' 'back\slash'
mount -t tmpfs shared shared
mount --make-shared shared
mount --bind shared peer
mount --bind shared slave
mount --make-slave slave
mount --bind shared both
mount --make-slave both
mount --make-shared both
mkdir shared/sub
mount -t tmpfs sub shared/sub
mount -t tmpfs unbindable unbindable
mount --make-unbindable unbindable
mount -t tmpfs lower stack
mount -t tmpfs upper stack
cat /proc/self/mountinfo
echo '--findmnt--'
`;

const canUnshare = run(['unshare', '--mount', '--propagation', 'private', 'true']).status === 0;
const namespaceUnavailable = findmntMissing || (canUnshare ? false : 'cannot create a mount namespace here (needs root and unshare)');

test('findmnt agrees with the parse of a table built in a private namespace', { skip: namespaceUnavailable }, () => {
  const base = mkdtempSync(join(tmpdir(), 'mountlab findmnt '));
  try {
    const script = `${BUILD_TABLE}exec ${FINDMNT.join(' ')}\n`;
    const result = run(['unshare', '--mount', '--propagation', 'private', 'sh', '-c', script, 'sh', base]);
    assert.equal(result.status, 0, result.stderr);
    const [mountinfo = '', findmnt = ''] = result.stdout.split('--findmnt--\n');
    const mine = parseMountInfo(mountinfo).filter((m) => m.mountPoint.startsWith(base));
    assert.equal(mine.length, 17, `the mounts under ${base}`);
    for (const kind of Object.keys(FINDMNT_PROPAGATION) as PropagationKind[]) {
      assert.ok(mine.some((m) => propagationKind(m) === kind), `a ${kind} mount`);
    }
    assertFindmntAgrees(mountinfo, findmnt);
  } finally {
    rmdirSync(base);
  }
});
