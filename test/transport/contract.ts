/**
 * What every Transport must do with exec, whatever carries the command: registers the tests in
 * the calling test file. `transport` is called inside each test, after the file's own set-up.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Transport } from '../../src/transport/types.ts';
import { AWKWARD_WORDS } from '../../src/shell/awkward-words.ts';
import { cutNote } from '../../src/command/output-cap.ts';

export function transportContract(transport: () => Transport): void {
  test('exit codes 0 and 3', async () => {
    const t = transport();
    const ok = await t.exec(['true']);
    assert.equal(ok.exitCode, 0);
    assert.equal(ok.signal, null);
    assert.equal(ok.failed, false);
    assert.ok(ok.durationMs > 0);
    const three = await t.exec(['sh', '-c', 'exit 3']);
    assert.equal(three.exitCode, 3);
    assert.equal(three.signal, null);
    assert.equal(three.failed, true);
    assert.equal(three.command, "sh -c 'exit 3'");
  });

  test('a command killed by a signal reports the signal, not an exit code', async () => {
    const r = await transport().exec(['sh', '-c', 'kill -TERM $$']);
    assert.equal(r.exitCode, null);
    assert.equal(r.signal, 'SIGTERM');
    assert.equal(r.failed, true);
    assert.equal(r.timedOut, false);
  });

  test('stdout and stderr stay apart, byte for byte, final newlines kept', async () => {
    const r = await transport().exec(['sh', '-c', 'printf "out1\\n"; printf "err1\\n" >&2; printf "out2"; printf "err2\\n\\n" >&2']);
    assert.equal(r.stdout, 'out1\nout2');
    assert.equal(r.stderr, 'err1\nerr2\n\n');
  });

  test('stdin is written and closed; without it the command reads end-of-file at once', async () => {
    const t = transport();
    const r = await t.exec(['sh', '-c', 'cat; echo "[eof]"'], { stdin: 'line 1\nline 2 ✓' });
    assert.equal(r.stdout, 'line 1\nline 2 ✓[eof]\n');
    const none = await t.exec(['cat'], { timeoutMs: 5000 });
    assert.equal(none.timedOut, false);
    assert.equal(none.stdout, '');
  });

  test('awkward argv words reach the program exactly', async () => {
    const r = await transport().exec(['printf', '%s\\n', ...AWKWARD_WORDS]);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(r.stdout, AWKWARD_WORDS.map((w) => `${w}\n`).join(''));
  });

  test('output past the cap is cut with a note, on stdout and stderr each, and the command ends normally', async () => {
    const r = await transport().exec(['sh', '-c', 'head -c 100000 /dev/zero | tr "\\0" a; head -c 3000 /dev/zero | tr "\\0" e >&2; echo done >&2; exit 4'], { outputCapBytes: 2000 });
    assert.equal(r.exitCode, 4);
    assert.equal(r.signal, null);
    assert.equal(r.stdout, `${'a'.repeat(2000)}${cutNote(2000)}`);
    assert.equal(r.stderr, `${'e'.repeat(2000)}${cutNote(2000)}`);
  });

  test('300 MB without a newline keeps node\'s memory bounded by the cap', async () => {
    const before = process.memoryUsage().rss;
    const r = await transport().exec(['sh', '-c', 'head -c 300000000 /dev/zero | tr "\\0" x; echo end'], { outputCapBytes: 1_000_000, timeoutMs: 120_000 });
    const grewMb = (process.memoryUsage().rss - before) / 1e6;
    assert.equal(r.exitCode, 0);
    assert.equal(r.stdout.length, 1_000_000 + cutNote(1_000_000).length);
    assert.ok(grewMb < 200, `node grew by ${grewMb.toFixed(0)} MB`);
  });

  test('a timeout ends the whole process tree, also a child that keeps the output open', async () => {
    const started = Date.now();
    const r = await transport().exec(['sh', '-c', 'sleep 30 & sleep 31; echo never'], { timeoutMs: 500 });
    assert.equal(r.timedOut, true);
    assert.equal(r.failed, true);
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
  });
}
