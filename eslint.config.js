import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'reports/', 'lab/build/', 'lab/cache/', '.scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', '*.mjs', 'support/*.mjs', 'support/regexp-match-indices/*.js', 'support/regexp-match-indices/*.d.ts'] } },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite'] }] },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    // Plain JS here is Node code (cucumber.mjs, support/*.mjs).
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    // the override of regexp-match-indices (package.json), a CommonJS module as the package it replaces
    files: ['support/regexp-match-indices/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable' } },
  },
);
