/**
 * Finds mountlab's markers in what a window's terminal prints, chunk by chunk, in linear time:
 * each chunk is scanned once, with a short carry-over from the one before, so a marker split
 * anywhere between chunks is still found and no output is rescanned (a full rescan per chunk made
 * 12 MB take 49 s).
 */

/** What the terminal printed, in order: plain text between markers, and the markers. */
export type TerminalEvent =
  | { readonly kind: 'text'; readonly text: string }
  /** `echo __ML_PID_$$` as the window starts. */
  | { readonly kind: 'pid'; readonly pid: number }
  | { readonly kind: 'begin'; readonly n: number }
  /** The END printf: `\n__ML_<DONE|READY><n>_<$?>\n`; the newline before it is part of it. */
  | { readonly kind: 'end'; readonly marker: 'DONE' | 'READY'; readonly n: number; readonly status: number }
  /** A shell showed its prompt (PROMPT_COMMAND); `level` is its $SHLVL. */
  | { readonly kind: 'prompt'; readonly level: number }
  /** A shell asked for another line (PS2). */
  | { readonly kind: 'more' };

/** Printed by bash before each prompt, as an OSC sequence a terminal ignores. */
export const PROMPT_COMMAND = 'printf \'\\033]__ML_SH_%s\\007\' "$SHLVL"';
/** PS2 with an invisible marker in front (raw ESC/BEL bytes: any shell prints them as they are). */
export const PS2 = '\x1b]__ML_MORE\x07> ';

// Numbers are bounded so that every marker is shorter than CARRY.
// eslint-disable-next-line no-control-regex -- the prompt markers are OSC sequences: ESC ] … BEL
const MARKER = /__ML_PID_(\d{1,10})\r?\n|__ML_BEGIN(\d{1,10})\r?\n|\r?\n__ML_(DONE|READY)(\d{1,10})_(\d{1,3})\r?\n|\x1b\]__ML_SH_(\d{1,4})\x07|\x1b\]__ML_MORE\x07/g;
const CARRY = 64;

export class MarkerScanner {
  #carry = '';

  /** The events in `chunk`; text that may be the start of a marker waits for the next chunk. */
  feed(chunk: string): TerminalEvent[] {
    const text = this.#carry + chunk;
    const events: TerminalEvent[] = [];
    let at = 0;
    MARKER.lastIndex = 0;
    for (let m = MARKER.exec(text); m !== null; m = MARKER.exec(text)) {
      if (m.index > at) events.push({ kind: 'text', text: text.slice(at, m.index) });
      events.push(markerEvent(m));
      at = m.index + m[0].length;
    }
    // Any marker starting before the last CARRY characters would have been complete, and found.
    const keepFrom = Math.max(at, text.length - CARRY);
    if (keepFrom > at) events.push({ kind: 'text', text: text.slice(at, keepFrom) });
    this.#carry = text.slice(keepFrom);
    return events;
  }

  /** The text held back at the end, once no more will come (the terminal closed). */
  flush(): TerminalEvent[] {
    const rest = this.#carry;
    this.#carry = '';
    return rest === '' ? [] : [{ kind: 'text', text: rest }];
  }
}

function markerEvent(m: RegExpExecArray): TerminalEvent {
  const [, pid, begin, marker, n, status, level] = m;
  if (pid !== undefined) return { kind: 'pid', pid: Number(pid) };
  if (begin !== undefined) return { kind: 'begin', n: Number(begin) };
  if (marker !== undefined) return { kind: 'end', marker: marker as 'DONE' | 'READY', n: Number(n), status: Number(status) };
  if (level !== undefined) return { kind: 'prompt', level: Number(level) };
  return { kind: 'more' };
}
