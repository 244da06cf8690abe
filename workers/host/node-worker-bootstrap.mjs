// worker_threads workers start here: register the TypeScript loader, then load the real entry.
// Node 20 does not pass the parent's loader hooks on to workers.
import { register } from 'tsx/esm/api';

register();
await import('./node-worker-entry.ts');
