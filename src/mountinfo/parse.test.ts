import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeMountInfoPath, MountInfoParseError, parseMountInfo, parseMountInfoLine, unescapeMountInfoPath, type MountInfo } from './parse.ts';
import { CHROOT_MOUNTINFO, HOST_MOUNTINFO, NAMESPACE_MOUNTINFO, ODD_FIELDS_MOUNTINFO } from './fixtures.ts';

const ALL_FIXTURES = [HOST_MOUNTINFO, NAMESPACE_MOUNTINFO, CHROOT_MOUNTINFO, ODD_FIELDS_MOUNTINFO];

function mountOn(text: string, mountPoint: string): MountInfo {
  const found = parseMountInfo(text).filter((m) => m.mountPoint === mountPoint);
  assert.equal(found.length, 1, `one mount on ${JSON.stringify(mountPoint)}`);
  return found[0] as MountInfo;
}

/** The line as the kernel would print it, rebuilt from the parsed fields. */
function formatLine(m: MountInfo): string {
  return [
    m.id, m.parentId, `${m.major}:${m.minor}`, escapeMountInfoPath(m.root), escapeMountInfoPath(m.mountPoint),
    m.mountOptions.join(','), ...m.optionalFields, '-',
    escapeMountInfoPath(m.fsType), escapeMountInfoPath(m.source), m.superOptions.map(escapeMountInfoPath).join(','),
  ].join(' ');
}

test('parses every field of the root mount line', () => {
  const root = mountOn(HOST_MOUNTINFO, '/');
  assert.deepEqual(root, {
    id: 27, parentId: 1, major: 254, minor: 0, root: '/', mountPoint: '/',
    mountOptions: ['rw', 'relatime'], optionalFields: [],
    propagation: { shared: null, master: null, propagateFrom: null, unbindable: false },
    fsType: 'ext4', source: '/dev/vda',
    superOptions: ['rw', 'discard', 'resv_strict', 'resuid=65534', 'resgid=65534'],
    line: '27 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard,resv_strict,resuid=65534,resgid=65534',
  });
});

test('unescapes the root, mount point and source of a bind mount of a subdirectory', () => {
  const bind = mountOn(NAMESPACE_MOUNTINFO, '/tmp/mlcap/sub dir bind');
  assert.equal(bind.root, '/in side');
  assert.equal(bind.source, 'my src');
  assert.equal(bind.line, String.raw`65 63 0:40 /in\040side /tmp/mlcap/sub\040dir\040bind rw,relatime - tmpfs my\040src rw`);
});

test('decodes a tab, a newline and a backslash in mount points', () => {
  const points = parseMountInfo(NAMESPACE_MOUNTINFO).map((m) => m.mountPoint);
  for (const p of ['/tmp/mlcap/tab\tdir', '/tmp/mlcap/a\nb', '/tmp/mlcap/back\\slash']) assert.ok(points.includes(p), p);
});

test('reads each propagation tag, keeping the raw optional fields', () => {
  const both = mountOn(NAMESPACE_MOUNTINFO, '/tmp/mlcap/sharedslave');
  assert.deepEqual(both.optionalFields, ['shared:2', 'master:1']);
  assert.deepEqual(both.propagation, { shared: 2, master: 1, propagateFrom: null, unbindable: false });
  assert.deepEqual(mountOn(NAMESPACE_MOUNTINFO, '/tmp/mlcap/unbind').propagation, { shared: null, master: null, propagateFrom: null, unbindable: true });
  const indirect = mountOn(CHROOT_MOUNTINFO, '/q');
  assert.deepEqual(indirect.optionalFields, ['master:2', 'propagate_from:1']);
  assert.deepEqual(indirect.propagation, { shared: null, master: 2, propagateFrom: 1, unbindable: false });
});

test('keeps per-mount and per-superblock options apart', () => {
  const sub = mountOn(NAMESPACE_MOUNTINFO, '/tmp/mlcap/shared/sub');
  assert.deepEqual(sub.mountOptions, ['ro', 'nosuid', 'relatime']);
  assert.deepEqual(sub.superOptions, ['ro']);
  assert.equal(mountOn(NAMESPACE_MOUNTINFO, '/tmp/mlcap/a\nb').source, 'none');
});

test('reads an empty source, escaped super options and commas in paths', () => {
  assert.equal(mountOn(ODD_FIELDS_MOUNTINFO, '/tmp/mlx/empty').source, '');
  assert.ok(mountOn(ODD_FIELDS_MOUNTINFO, '/tmp/mlx/ov').superOptions.includes('lowerdir=/tmp/mlx/lo wer'));
  assert.equal(mountOn(ODD_FIELDS_MOUNTINFO, '/tmp/mlx/c,omma').source, 's,rc');
});

test('every fixture line prints back exactly as the kernel wrote it', () => {
  for (const text of ALL_FIXTURES) {
    for (const m of parseMountInfo(text)) assert.equal(formatLine(m), m.line);
  }
});

test('escapes round-trip, including any octal escape and UTF-8', () => {
  const nasty = ' lead\ttab\nnewline\\back slash é trail ';
  assert.equal(escapeMountInfoPath(nasty), String.raw`\040lead\011tab\012newline\134back\040slash\040é\040trail\040`);
  assert.equal(unescapeMountInfoPath(escapeMountInfoPath(nasty)), nasty);
  assert.equal(unescapeMountInfoPath(String.raw`caf\303\251 \101`), 'café A');
  assert.equal(unescapeMountInfoPath(String.raw`\400 \09 \12 end\ `), String.raw`\400 \09 \12 end\ `);
});

test('ignores a trailing empty line and accepts text without one', () => {
  assert.equal(parseMountInfo(HOST_MOUNTINFO).length, 19);
  assert.equal(parseMountInfo(HOST_MOUNTINFO.trimEnd()).length, 19);
  assert.deepEqual(parseMountInfo(''), []);
});

test('keeps unknown optional field tags without failing', () => {
  const m = parseMountInfoLine('70 63 0:44 / /tmp/x rw,relatime shared:1 future:7 propagate_to - tmpfs sh rw');
  assert.deepEqual(m.optionalFields, ['shared:1', 'future:7', 'propagate_to']);
  assert.deepEqual(m.propagation, { shared: 1, master: null, propagateFrom: null, unbindable: false });
});

test('parse errors name the field and quote the whole line', () => {
  const cases: [string, RegExp][] = [
    ['x 27 0:21 / /proc rw,relatime - proc proc rw', /bad mount ID: "x" is not a decimal number/],
    ['22 27 0-21 / /proc rw,relatime - proc proc rw', /bad major:minor: "0-21"/],
    ['22 27 0:21 / /proc rw,relatime proc proc rw', /bad separator: no lone "-"/],
    ['64 63 0:40 / /tmp/x rw - tmpfs my src rw', /bad fields after "-": expected 3 .* found 4/],
    ['69 63 0:44 / /tmp/s rw shared:one - tmpfs sh rw', /bad optional fields: "shared:one" has no decimal peer group ID/],
  ];
  for (const [line, problem] of cases) {
    const text = `${HOST_MOUNTINFO}${line}\n`;
    assert.throws(() => parseMountInfo(text), (e: unknown) => {
      assert.ok(e instanceof MountInfoParseError);
      assert.match(e.message, problem);
      assert.ok(e.message.startsWith('mountinfo line 20: '), e.message);
      assert.ok(e.message.endsWith(`in line "${line}"`), e.message);
      assert.equal(e.line, line);
      return true;
    });
  }
});
