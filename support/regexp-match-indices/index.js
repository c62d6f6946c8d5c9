'use strict';
// exec(regexp, string) as regexp-match-indices exports it, with the match's `indices` from the
// engine's own `d` flag (ES2022 RegExp match indices) instead of a polyfill that re-parses each
// regexp (regexp-tree) to measure its groups. mountlab's package.json overrides the polyfill with
// this for @cucumber/cucumber-expressions, whose TreeRegexp is its one caller here.

/** Each regexp's copy with the `d` flag, made once. */
const withIndices = new WeakMap();

function exec(regexp, string) {
  let measuring = withIndices.get(regexp);
  if (measuring === undefined) {
    measuring = regexp.hasIndices ? regexp : new RegExp(regexp.source, `${regexp.flags}d`);
    withIndices.set(regexp, measuring);
  }
  // a global or sticky regexp starts where the caller's stopped, and moves on as exec would move it
  measuring.lastIndex = regexp.lastIndex;
  const match = measuring.exec(string);
  regexp.lastIndex = measuring.lastIndex;
  return match;
}

module.exports = exec;
