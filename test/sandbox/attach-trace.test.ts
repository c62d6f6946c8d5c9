// attachTracer (src/sandbox/attach-trace.ts), which a window's shell and a traced daemon go
// through: an attach that cannot happen fails with strace's own reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalTransport } from '../../src/transport/local.ts';
import { attachTracer } from '../../src/sandbox/attach-trace.ts';

const root = process.getuid?.() === 0;

test('attaching to a process that is gone says so, with strace\'s reason', { skip: !root && 'needs root (ptrace)' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mountlab-attach-'));
  const transport = new LocalTransport();
  try {
    // PIDs stop below /proc/sys/kernel/pid_max (4194304 at most): this one cannot exist
    await assert.rejects(
      attachTracer(transport, { pid: 4_194_305, what: 'the shell of window "w"', withDescendants: true }, join(dir, 'window.trace')),
      /could not trace the shell of window "w" \(PID 4194305\): strace could not attach to PID 4194305: strace: attach: ptrace\(PTRACE_SEIZE, 4194305\): No such process/,
    );
  } finally {
    await transport.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
