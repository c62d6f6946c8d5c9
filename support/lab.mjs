// `npm run lab`: src/cli/lab.ts as compiled by support/build.mjs (again only after a source
// changed), with source maps on so that stack traces name the TypeScript.
import { compiled } from './build.mjs';

process.setSourceMapsEnabled(true);
await import(await compiled('lab'));
