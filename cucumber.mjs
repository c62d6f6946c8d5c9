// Cucumber profiles. `default` runs against MOUNTLAB_TARGET (local when unset); there is one
// profile per target (`-p qemu`), `ci` prints a summary instead of progress dots, and `verify`
// (used by the suite's own tests) writes no report files. Features default to
// features/**/*.feature; a path on the command line runs just that file.
// Reports go to MOUNTLAB_REPORT_DIR (default reports/, git-ignored; `npm run lab` uses
// reports/<target>/): HTML with transcripts, JUnit XML, cucumber messages (for the matrix).
const dir = process.env.MOUNTLAB_REPORT_DIR || 'reports';
const reports = [`html:${dir}/cucumber.html`, `junit:${dir}/junit.xml`, `message:${dir}/messages.ndjson`];

const common = {
  // steps/**/*.ts, compiled once by support/build.mjs (loading TypeScript through tsx cost ~1 s per start)
  import: ['support/steps.mjs'],
  format: ['progress', ...reports],
  formatOptions: { junit: { suiteName: 'mountlab' } },
};

const forTarget = (target) => ({ ...common, worldParameters: { target } });

export default common;
export const local = forTarget('local');
/** The old name of the local target, still accepted. */
export const sandbox = local;
export const qemu = forTarget('qemu');
export const vagrant = forTarget('vagrant');
export const ssh = forTarget('ssh');
export const ci = { ...common, format: ['summary', ...reports] };
/** Used by the suite's own tests: a summary on stdout and no report files. */
export const verify = { ...common, format: ['summary'] };
