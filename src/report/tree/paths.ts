import { normaliseMountPath } from '../../mountinfo/path.ts';

/** Quoted strings in a step text or a command line: "…" or '…' (no escapes inside, as in Gherkin). */
const QUOTED = /"([^"]*)"|'([^']*)'/g;
/** Shell word separators, and the comma/equals of option lists such as lowerdir=/a,upperdir=/b. */
const WORD_BREAK = /[\s;|&<>()`,=]+/;
/** Files read or written for their content, not places in the mount tree. */
const NOT_A_PLACE = /^\/(dev\/(null|zero|u?random|tty|std(in|out|err)|fd(\/.*)?)|proc\/(self|thread-self|\d+)(\/.*)?)$/;
/** A word is cut before the path component holding shell expansion ($VAR, globs). */
const EXPANSION = /[$*?[{~]/;

/**
 * Absolute paths named in step texts and command lines, each once, normalised, in order of first
 * mention. A quoted string that is itself a path (`"/tmp/x y"`) is one path, spaces and all; any
 * other quoted string (`"mount --bind /tmp/a /tmp/b"`) is read as a command line. Outside quotes,
 * every shell word starting with "/" is a path. Paths of /dev/null, /proc/self/… and the like are
 * left out: reading them does not touch a mount.
 */
export function pathsIn(texts: readonly string[]): string[] {
  const found = new Set<string>();
  const add = (word: string) => {
    const cut = EXPANSION.exec(word);
    const path = cut === null ? word : word.slice(0, word.lastIndexOf('/', cut.index));
    if (!path.startsWith('/')) return;
    const normalised = normaliseMountPath(path);
    if (!NOT_A_PLACE.test(normalised)) found.add(normalised);
  };
  const words = (text: string) => {
    for (const word of text.split(WORD_BREAK)) add(word);
  };
  for (const text of texts) {
    let rest = '';
    let last = 0;
    for (const match of text.matchAll(QUOTED)) {
      rest += `${text.slice(last, match.index)} `;
      last = match.index + match[0].length;
      const inner = match[1] ?? match[2] ?? '';
      if (inner.startsWith('/') && !/\s\//.test(inner) && !/^\/\S+\s+-/.test(inner)) add(inner);
      else words(inner);
    }
    words(rest + text.slice(last));
  }
  return [...found];
}
