export default { import: ['support/tsx.mjs', 'steps/**/*.ts'], paths: ['features/**/*.feature'] };
