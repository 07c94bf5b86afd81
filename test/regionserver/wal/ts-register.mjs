// Lets a child `node --import ./ts-register.mjs script.ts` run the repository's TypeScript without
// a build or tsx: registers ts-hooks.mjs (type stripping through TypeScript's transpileModule).
import { register } from 'node:module';

register('./ts-hooks.mjs', import.meta.url);
