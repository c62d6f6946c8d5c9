// Profiles: `default` runs against MOUNTLAB_TARGET (sandbox when unset); one profile per target;
// `ci` adds the machine-readable reports. Reports go to reports/ (git-ignored).
const common = {
  import: ['support/tsx.mjs', 'steps/**/*.ts'],
  paths: ['features/**/*.feature'],
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
