/** Turns what a terminal printed into plain text: no escape sequences, no carriage returns. */
export function plainTerminalText(raw: string): string {
  return raw
    // CSI sequences (colours, bracketed-paste switches, cursor moves) and OSC titles.
    // eslint-disable-next-line no-control-regex
    .replace(/\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[=>]/g, '')
    .replace(/\r+\n/g, '\n')
    .replace(/\r/g, '');
}
