// `npm run cli -- <command>` and `npm run worker`: the operator CLI from the built server bundle (rebuilt first
// when the sources changed), which starts far faster than compiling the TypeScript on every call.
import { ensureServerBuilt } from './setup.mjs';

ensureServerBuilt();
process.setSourceMapsEnabled(true);
await import('../server/dist/cli.js');
