// cucumber-js loads mountlab's step definitions through this file: compiled by support/build.mjs
// (again only after a source changed), with source maps on, so stack traces and the step
// definitions' locations in reports name the TypeScript files and lines.
import { compiled } from './build.mjs';

process.setSourceMapsEnabled(true);
await import(await compiled('steps'));
