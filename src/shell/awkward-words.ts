/**
 * Words that must reach a program byte for byte through quoting and a shell: spaces, quotes,
 * separators, substitutions, escapes, globs, a leading dash, Unicode. Shared by the tests of the
 * quoting and of every transport, so all of them are held to the same list.
 */
export const AWKWARD_WORDS: readonly string[] = [
  'plain',
  '',
  '/tmp/with space',
  "quote'inside",
  'double"quote',
  'semi;colon && echo pwned',
  '$(touch /tmp/mountlab-should-not-exist)',
  '`backtick`',
  'back\\slash',
  'new\nline',
  'tab\there',
  '*glob?[x]',
  '~tilde',
  '$HOME',
  '!bang',
  '-n',
  '-leading-dash',
  '#hash',
  'ünïcødé ✓',
];
