import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MarkerScanner } from './terminal-markers.ts';
import { TypedCommand, type CommandOutcome } from './window-command.ts';
import { cutNote } from '../command/output-cap.ts';

function follow(command: TypedCommand, printed: string): CommandOutcome | undefined {
  const scanner = new MarkerScanner();
  for (const event of scanner.feed(printed)) {
    const outcome = command.take(event);
    if (outcome !== undefined) return outcome;
  }
  return undefined;
}

test('output between the markers, an unterminated last line included', () => {
  const outcome = follow(new TypedCommand(1, 'DONE', 1, 1, 1000), '\x1b]__ML_MORE\x07> __ML_BEGIN1\r\nabc\r\n__ML_DONE1_3\r\n');
  assert.deepEqual(outcome, { kind: 'ended', status: 3, printed: 'abc' });
});

test('output past the cap is cut with the note, and the command still ends', () => {
  const outcome = follow(new TypedCommand(2, 'DONE', 1, 1, 4), `__ML_BEGIN2\r\n${'y'.repeat(100)}\r\n__ML_DONE2_0\r\n`);
  assert.deepEqual(outcome, { kind: 'ended', status: 0, printed: `yyyy${cutNote(4)}` });
});

test('a continuation prompt more than the typed lines ask for: waiting for more input', () => {
  const printed = '\x1b]__ML_MORE\x07> \x1b]__ML_MORE\x07> ';
  assert.deepEqual(follow(new TypedCommand(3, 'DONE', 1, 1, 1000), printed), { kind: 'stuck', reason: 'more input' });
  assert.equal(follow(new TypedCommand(3, 'DONE', 2, 1, 1000), printed), undefined, 'a two-line command asks for two');
});

test('a prompt from a shell below the one typed into: that shell exited', () => {
  const printed = '\x1b]__ML_MORE\x07> __ML_BEGIN4\r\nexit\r\n\x1b]__ML_SH_1\x07w# ';
  assert.deepEqual(follow(new TypedCommand(4, 'DONE', 1, 2, 1000), printed), { kind: 'stuck', reason: 'exited' });
  assert.equal(follow(new TypedCommand(4, 'DONE', 1, 1, 1000), printed), undefined, 'a prompt of the same shell is not an exit');
  assert.equal(follow(new TypedCommand(4, 'READY', 1, 2, 1000), printed), undefined, 'a window command may start or leave shells');
});

test('markers of other commands are not this one\'s', () => {
  assert.equal(follow(new TypedCommand(5, 'DONE', 1, 1, 1000), '__ML_BEGIN4\r\nx\r\n__ML_DONE4_0\r\n__ML_BEGIN5\r\n'), undefined);
});
