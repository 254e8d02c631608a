// `npm start`: builds dist/ if it is stale (scripts/build-if-stale.mjs), then runs the bot in this
// same process, so a start costs one Node.js process rather than two. In production run
// `node dist/index.js` under a process manager instead (see the README), so npm is not resident.
import { ensureBuilt } from './build-if-stale.mjs';

const status = ensureBuilt();
if (status !== 0) process.exit(status);
await import('../dist/index.js');
