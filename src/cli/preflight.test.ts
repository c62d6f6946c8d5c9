import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { preflight, reportDirProblem } from './preflight.ts';

// root may write anything: the denied cases are only seen as an ordinary user
const root = process.getuid?.() === 0;

test('a report directory that can be made, or is writable, is no problem', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mountlab-preflight-'));
  try {
    assert.equal(reportDirProblem(join(dir, 'reports', 'qemu')), undefined);
    mkdirSync(join(dir, 'reports'));
    assert.equal(reportDirProblem(join(dir, 'reports', 'qemu')), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a reports/ this user may not write is named, with the fix', { skip: root ? 'root may write any directory' : false }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'mountlab-preflight-'));
  try {
    mkdirSync(join(dir, 'reports'));
    chmodSync(join(dir, 'reports'), 0o555);
    const problem = reportDirProblem(join(dir, 'reports', 'qemu')) ?? '';
    assert.match(problem, new RegExp(`cannot write the reports: ${join(dir, 'reports')} `));
    assert.match(problem, /chown -R/);
    assert.match(problem, /MOUNTLAB_REPORT_DIR/);
    // an existing report file that is not ours is named too
    chmodSync(join(dir, 'reports'), 0o755);
    mkdirSync(join(dir, 'reports', 'qemu'));
    writeFileSync(join(dir, 'reports', 'qemu', 'junit.xml'), '');
    chmodSync(join(dir, 'reports', 'qemu', 'junit.xml'), 0o444);
    assert.match(reportDirProblem(join(dir, 'reports', 'qemu')) ?? '', /junit\.xml/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the local target is checked once, before the run; the lab VM needs no root', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mountlab-preflight-'));
  try {
    assert.deepEqual(preflight('qemu', join(dir, 'r')), []);
    const problems = preflight('local', join(dir, 'r'));
    if (root) assert.deepEqual(problems, []);
    else assert.match(problems.join('\n'), /^mountlab: the local target needs root/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
