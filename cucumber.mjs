// Cucumber profiles. `default` runs against MOUNTLAB_TARGET (sandbox when unset); there is one
// profile per target (`-p qemu`), and `ci` prints a summary instead of progress dots. Features
// default to features/**/*.feature; a path on the command line runs just that file.
// Reports go to reports/ (git-ignored): HTML with transcripts, JUnit XML, cucumber messages.
const common = {
  import: ['support/tsx.mjs', 'steps/**/*.ts'],
  format: ['progress', 'html:reports/cucumber.html', 'junit:reports/junit.xml', 'message:reports/messages.ndjson'],
  formatOptions: { junit: { suiteName: 'mountlab' } },
};

const forTarget = (target) => ({ ...common, worldParameters: { target } });

export default common;
export const sandbox = forTarget('sandbox');
export const qemu = forTarget('qemu');
export const vagrant = forTarget('vagrant');
export const ssh = forTarget('ssh');
export const ci = { ...common, format: ['summary', ...common.format.slice(1)] };
/** Used by the suite's own tests: a summary on stdout and no report files. */
export const verify = { ...common, format: ['summary'] };
