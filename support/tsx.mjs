// Lets plain `npx cucumber-js` load the TypeScript step definitions: registers tsx's ESM hooks
// before cucumber imports steps/**/*.ts.
import { register } from 'tsx/esm/api';
register();
