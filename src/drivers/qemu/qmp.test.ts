import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QmpClient, type QmpEvent } from './qmp.ts';

/** A fake qemu: greets, answers by id (in the order asked), and lets the test push events. */
function fakeQemu(path: string, onCommand: (cmd: { execute: string; arguments?: unknown }, reply: (msg: object) => void) => void): Promise<{ server: Server; clients: Socket[] }> {
  const clients: Socket[] = [];
  const server = createServer((s) => {
    clients.push(s);
    s.write('{"QMP": {"version": {"qemu": {"major": 7}}, "capabilities": ["oob"]}}\r\n');
    let buf = '';
    s.on('data', (d) => {
      buf += d.toString();
      for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
        const cmd = JSON.parse(buf.slice(0, nl)) as { execute: string; id: number; arguments?: unknown };
        buf = buf.slice(nl + 1);
        onCommand(cmd, (msg) => s.write(`${JSON.stringify({ ...msg, id: cmd.id })}\r\n`));
      }
    });
  });
  return new Promise((resolve) => server.listen(path, () => { resolve({ server, clients }); }));
}

test('QMP: handshake, replies matched by id, errors as QmpError, events, HMP', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'qmp-test-'));
  const path = join(dir, 'qmp.sock');
  const seen: string[] = [];
  let push: (msg: string) => void = () => undefined;
  const fake = await fakeQemu(path, (cmd, reply) => {
    seen.push(cmd.execute);
    push = (m) => fake.clients[0]?.write(m);
    if (cmd.execute === 'query-status') reply({ return: { status: 'running', running: true } });
    else if (cmd.execute === 'human-monitor-command') reply({ return: `ran ${JSON.stringify(cmd.arguments)}` });
    else if (cmd.execute === 'nope') reply({ error: { class: 'CommandNotFound', desc: 'The command nope has not been found' } });
    else reply({ return: {} });
  });
  const qmp = await QmpClient.connect(path, 2000);
  try {
    const events: QmpEvent[] = [];
    qmp.onEvent((e) => events.push(e));
    assert.deepEqual(await qmp.execute('query-status'), { status: 'running', running: true });
    await assert.rejects(qmp.execute('nope'), /QMP nope: The command nope has not been found/);
    assert.equal(await qmp.hmp('savevm start'), 'ran {"command-line":"savevm start"}');
    push('{"event": "STOP", "timestamp": {"seconds": 1}}\r\n');
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(events, [{ event: 'STOP', data: undefined }]);
    assert.deepEqual(seen, ['qmp_capabilities', 'query-status', 'nope', 'human-monitor-command']);
    // qemu going away rejects what is pending and what comes after
    const pending = qmp.execute('query-migrate');
    for (const c of fake.clients) c.destroy();
    await assert.rejects(pending, /closed \(qemu exited\?\)/);
    await assert.rejects(qmp.execute('query-status'), /closed/);
  } finally {
    qmp.close();
    fake.server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('QMP connect waits for the socket, and gives up at once when qemu has exited', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'qmp-test-'));
  const path = join(dir, 'qmp.sock');
  try {
    await assert.rejects(QmpClient.connect(path, 5000, () => false), /qemu exited before its QMP socket/);
    await assert.rejects(QmpClient.connect(path, 100), /no QMP answer on .* within 100 ms/);
    const late = new Promise<Server>((resolve) => setTimeout(() => void fakeQemu(path, (_c, reply) => { reply({ return: {} }); }).then((f) => { resolve(f.server); }), 150));
    const qmp = await QmpClient.connect(path, 3000);
    qmp.close();
    (await late).close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
