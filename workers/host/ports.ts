// Message ports as both Node (worker_threads) and browsers provide them: raw batches between
// runtimes travel over these, one postMessage per batch.

import type { PeerBatch, RoundCommand, RoundReport } from '../client/protocol.ts';
import type { RuntimeServer } from './runtime-server.ts';
import type { RuntimePlan } from './topology.ts';

/** The common shape of a worker_threads MessagePort and a DOM MessagePort. */
export interface PortLike {
  postMessage(message: unknown): void;
  on?(event: 'message', listener: (data: unknown) => void): unknown;
  addEventListener?(event: 'message', listener: (event: { data: unknown }) => void): void;
  start?(): void;
  close?(): void;
  unref?(): void;
}

export function onPortMessage(port: PortLike, listener: (data: unknown) => void): void {
  if (port.on) {
    port.on('message', listener);
  } else if (port.addEventListener) {
    port.addEventListener('message', (event) => {
      listener(event.data);
    });
    port.start?.();
  }
}

/** Wires a peer port into a runtime server: batches in, batches out. */
export function linkPeer(server: RuntimeServer, peer: string, port: PortLike): void {
  onPortMessage(port, (data) => {
    server.receiveBatch(data as PeerBatch);
  });
  server.connect(peer, {
    post: (batch) => {
      port.postMessage(batch);
    },
  });
}

/**
 * Which runtimes exchange messages: everyone with the API server (only it talks to etcd), the
 * UI's kubectl with kube-scheduler's own port, etcd's client port (time travel reads) and the
 * nodes, and nodes with each other (the pod network).
 */
export function peerPairs(plans: readonly RuntimePlan[]): [string, string][] {
  const linked = (a: RuntimePlan, b: RuntimePlan): boolean => {
    const kinds = new Set([a.kind, b.kind]);
    if (kinds.has('apiserver')) return true;
    if (kinds.has('main')) return kinds.has('scheduler') || kinds.has('nodes') || kinds.has('etcd');
    return a.kind === 'nodes' && b.kind === 'nodes';
  };
  const pairs: [string, string][] = [];
  plans.forEach((a, index) => {
    for (const b of plans.slice(index + 1)) if (linked(a, b)) pairs.push([a.id, b.id]);
  });
  return pairs;
}

/**
 * The coordinator's side of a runtime in a worker: round commands and reports travel as raw
 * messages on a dedicated port (one outstanding round at a time), not through comlink's RPC.
 */
export function remoteRuntime(
  id: string,
  port: PortLike,
): { id: string; runRound(command: RoundCommand): Promise<RoundReport> } {
  const waiting: ((report: RoundReport) => void)[] = [];
  onPortMessage(port, (data) => {
    waiting.shift()?.(data as RoundReport);
  });
  return {
    id,
    runRound(command) {
      return new Promise((resolve) => {
        waiting.push(resolve);
        port.postMessage(command);
      });
    },
  };
}

/** The worker's side: every command on `port` runs one round; its report goes back on `port`. */
export function serveRounds(
  port: PortLike,
  runRound: (command: RoundCommand) => Promise<RoundReport>,
): void {
  onPortMessage(port, (data) => {
    void runRound(data as RoundCommand).then((report) => {
      port.postMessage(report);
    });
  });
}
