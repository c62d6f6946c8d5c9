import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalTransport } from './local.ts';
import { transportContract } from '../../test/transport/contract.ts';

const t = new LocalTransport();

test('describes itself as local', () => {
  assert.equal(t.description, 'local');
});

transportContract(() => t);

test('a timeout kills the command (SIGKILL) and says timedOut', async () => {
  const started = Date.now();
  const r = await t.exec(['sleep', '30.5'], { timeoutMs: 200 });
  assert.equal(r.timedOut, true);
  assert.equal(r.failed, true);
  assert.equal(r.signal, 'SIGKILL');
  assert.equal(r.exitCode, null);
  assert.ok(Date.now() - started < 5000);
  const stillThere = readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .some((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8') === 'sleep\x0030.5\x00';
      } catch {
        return false;
      }
    });
  assert.equal(stillThere, false);
});

test('a program that does not exist: no exit code, the reason on stderr', async () => {
  const r = await t.exec(['/nonexistent/program', 'x']);
  assert.equal(r.exitCode, null);
  assert.equal(r.signal, null);
  assert.equal(r.failed, true);
  assert.match(r.stderr, /ENOENT/);
});

test('readFile reads exactly; a missing file rejects with ENOENT', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mountlab-local-'));
  try {
    writeFileSync(join(dir, 'f'), 'a\nb ✓');
    assert.equal(await t.readFile(join(dir, 'f')), 'a\nb ✓');
    await assert.rejects(t.readFile(join(dir, 'missing')), { code: 'ENOENT' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a PTY session: typed commands run, tty names a /dev/pts, exit code comes back', async () => {
  const pty = await t.openPty(['sh'], { cols: 100, rows: 30, env: { MOUNTLAB_PTY_TEST: 'yes', PS1: '$ ' } });
  let seen = '';
  pty.onData((c) => {
    seen += c;
  });
  const exited = new Promise<number | null>((resolve) => {
    pty.onExit(resolve);
  });
  const outputLines = (): string =>
    seen
      .split(/\r?\n/)
      .map((l) => l.replace(/^(?:[#$] )+/, ''))
      .join('\n');
  const waitFor = async (re: RegExp): Promise<void> => {
    const deadline = Date.now() + 5000;
    while (!re.test(outputLines())) {
      if (Date.now() > deadline) throw new Error(`terminal never showed ${String(re)}: ${JSON.stringify(seen)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  pty.write('echo hi\n');
  await waitFor(/^hi$/m);
  pty.write('tty\n');
  await waitFor(/^\/dev\/pts\/\d+$/m);
  pty.write('echo "$MOUNTLAB_PTY_TEST $TERM $(stty size)"\n');
  await waitFor(/^yes xterm-256color 30 100$/m);
  pty.write('exit 7\n');
  assert.equal(await exited, 7);
});

test('closing a PTY hangs up the session', async () => {
  const pty = await t.openPty(['sleep', '60']);
  const exited = new Promise<number | null>((resolve) => {
    pty.onExit(resolve);
  });
  pty.close();
  const timeout = new Promise((r) => {
    setTimeout(() => {
      r('still open');
    }, 5000).unref();
  });
  const code = await Promise.race([exited, timeout]);
  assert.equal(code, null);
});

test('after close() the transport refuses work', async () => {
  const other = new LocalTransport();
  await other.close();
  await assert.rejects(other.exec(['true']), /after close/);
});
