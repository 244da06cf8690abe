// The tab's ELK: elkjs's API on this thread, its GWT-compiled layout engine in a classic Web
// Worker of its own (elk-worker.min.js, served as a file), so laying out a hundred nodes never
// blocks a frame. Created on first use; the diagram chunk that imports it is lazy already.

import ELK from 'elkjs/lib/elk-api.js';
import workerUrl from 'elkjs/lib/elk-worker.min.js?url';
import type { ElkEngine } from './elk-layout.ts';

let engine: ElkEngine | null = null;

export function elkEngine(): ElkEngine {
  engine ??= new ELK({ workerUrl });
  return engine;
}
