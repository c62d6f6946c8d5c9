/** One command typed into a window, followed from the terminal's markers until it ends or sticks. */
import { OutputCap } from '../command/output-cap.ts';
import type { TerminalEvent } from './terminal-markers.ts';

export type CommandOutcome =
  | { readonly kind: 'ended'; readonly status: number; readonly printed: string }
  /** The command cannot end by itself; `reason` says why, in the words a step failure shows. */
  | { readonly kind: 'stuck'; readonly reason: 'exited' | 'more input' };

export class TypedCommand {
  #inside = false;
  #more = 0;
  readonly #printed: string[] = [];
  readonly #cap: OutputCap;

  /**
   * @param moreExpected how many continuation prompts (PS2) the typed text asks for by itself:
   *   one per line after the first. One more means the shell wants a line mountlab never typed.
   * @param shellLevel $SHLVL of the shell the command was typed into, when its prompt said so: a
   *   prompt from a shell below it, before the end marker, means that shell exited.
   */
  constructor(
    readonly n: number,
    readonly marker: 'DONE' | 'READY',
    private readonly moreExpected: number,
    private readonly shellLevel: number | undefined,
    capBytes: number,
  ) {
    this.#cap = new OutputCap(capBytes);
  }

  /** Takes the next thing the terminal printed; returns the outcome once there is one. */
  take(event: TerminalEvent): CommandOutcome | undefined {
    switch (event.kind) {
      case 'text':
        if (this.#inside) this.#printed.push(this.#cap.keepText(event.text));
        return undefined;
      case 'begin':
        if (event.n === this.n) this.#inside = true;
        return undefined;
      case 'end':
        if (event.n !== this.n || event.marker !== this.marker) return undefined;
        return { kind: 'ended', status: event.status, printed: this.#printed.join('') };
      case 'more':
        return ++this.#more > this.moreExpected ? { kind: 'stuck', reason: 'more input' } : undefined;
      case 'prompt':
        // READY expects a new shell's prompt; DONE none until its marker has run.
        return this.marker === 'DONE' && this.shellLevel !== undefined && event.level < this.shellLevel
          ? { kind: 'stuck', reason: 'exited' } : undefined;
      case 'pid':
        return undefined;
    }
  }
}
