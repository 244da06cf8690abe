// The tab's local agent, wired into its cluster: the connection's frames go to the relay (real
// kubectl's requests) or, as external input of the `main` runtime's agent component, to the
// Docker nodes' runtimes; Add Docker node places a kubelet and kube-proxy backed by the agent's
// engine in `main`, beside the simulated nodes.

import type { AgentMessage, Pairing, TabMessage } from '../../../agent/protocol.ts';
import { AGENT } from '../../../workers/client/protocol.ts';
import { createAgentActor, type AgentHandle } from '../../../workers/host/agent-actor.ts';
import { createDockerNodeActors } from '../../../workers/kubelet/docker-node.ts';
import { browserCluster, useSession } from '../cluster/session.ts';
import { AgentConnection } from './connection.ts';
import { savePairing } from './pairing.ts';
import { RelayServer } from './relay.ts';
import { useAgent } from './store.ts';

let link: { handle: AgentHandle; added: Promise<void> } | null = null;
let relay: RelayServer | null = null;
/** Docker nodes numbered so far; taken before any await, so two clicks make two nodes. */
let dockerNodes = 0;

const connection = new AgentConnection({
  status: (status) => {
    useAgent.getState().setStatus(status);
    if (status.kind === 'connected') {
      ensureLink();
      return;
    }
    relay?.closeAll();
    relay = null;
    const handle = link?.handle;
    if (handle && status.kind !== 'connecting') {
      const message = 'the local agent is not connected';
      browserCluster()?.deliver(AGENT, () => {
        handle.disconnected(message);
      });
    }
  },
  message: receive,
});

/** The agent component in `main`, added once the cluster and the agent are both there. */
function ensureLink(): void {
  const cluster = browserCluster();
  if (!cluster) return;
  relay ??= new RelayServer(cluster.gateway(), (message) => {
    connection.send(message);
  });
  if (link) return;
  const actor = createAgentActor({ send: sendCall });
  link = { handle: actor.handle, added: cluster.addMainActors([actor.spec]) };
}

/** A runtime's call; with no agent to take it, it fails at once, as a call to a gone engine does. */
function sendCall(message: TabMessage): void {
  if (connection.send(message) || message.type !== 'call') return;
  const handle = link?.handle;
  browserCluster()?.deliver(AGENT, () => {
    handle?.receive({
      type: 'error',
      id: message.id,
      error: { code: 'EngineUnavailable', message: 'the local agent is not connected' },
    });
  });
}

function receive(message: AgentMessage): void {
  if (relay?.handle(message)) return;
  const handle = link?.handle;
  if (!handle) return;
  browserCluster()?.deliver(AGENT, () => {
    handle.receive(message);
  });
}

export function connectAgent(pairing: Pairing): void {
  savePairing(pairing);
  useAgent.getState().setPairing(pairing);
  connection.connect(pairing);
}

export function reconnectAgent(): void {
  const pairing = useAgent.getState().pairing;
  if (pairing) connection.connect(pairing);
}

/** Adds `docker-<n>`: a node whose pods are containers on the agent's engine. */
export async function addDockerNode(): Promise<void> {
  const cluster = browserCluster();
  const status = connection.status;
  const agent = useAgent.getState();
  if (!cluster || status.kind !== 'connected') return;
  const engine = status.engine.info;
  if (!status.engine.available || !engine) {
    agent.setError(status.engine.message ?? 'Docker is not reachable.');
    return;
  }
  const count = ++dockerNodes;
  ensureLink();
  await link?.added;
  const name = `docker-${String(count)}`;
  try {
    await cluster.addMainActors(
      createDockerNodeActors({
        name,
        index: useSession.getState().shape.nodes + count,
        engine,
      }),
    );
    agent.addedNode(name);
  } catch (error) {
    agent.setError(error instanceof Error ? error.message : String(error));
  }
}
