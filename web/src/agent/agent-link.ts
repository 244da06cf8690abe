// The tab's local agent, wired into its cluster: the connection's frames go to the relay (real
// kubectl's requests) or, as external input of the `main` runtime's agent component, to the
// Docker nodes' runtimes; Add Docker node places a kubelet and kube-proxy backed by the agent's
// engine in `main`, beside the simulated nodes. After a reload the pairing (kept for the tab's
// session) connects again and the Docker nodes the cluster still holds get their kubelets back.

import type { Node } from 'kubernetes-types/core/v1';
import type { AgentMessage, Pairing, TabMessage } from '../../../agent/protocol.ts';
import { NODE_TYPE } from '../../../workers/client/client.ts';
import { AGENT } from '../../../workers/client/protocol.ts';
import { createAgentActor, type AgentHandle } from '../../../workers/host/agent-actor.ts';
import {
  AGENT_RUNTIME_LABEL,
  createDockerNodeActors,
} from '../../../workers/kubelet/docker-node.ts';
import { asAdmin, browserCluster, useSession } from '../cluster/session.ts';
import { coalesced } from './coalesced.ts';
import { AgentConnection } from './connection.ts';
import { savePairing } from './pairing.ts';
import { RelayServer } from './relay.ts';
import { useAgent } from './store.ts';

let link: { handle: AgentHandle; added: Promise<void> } | null = null;
let relay: RelayServer | null = null;
/** Docker nodes numbered so far; taken before any await, so two clicks make two nodes. */
let dockerNodes = 0;
/**
 * One reattach at a time, so no node is added twice; a `connected` during one makes it run again
 * after, which takes back what the first left (it failed partway, or the agent changed).
 */
const reattach = coalesced(reattachDockerNodes);

const connection = new AgentConnection({
  status: (status) => {
    useAgent.getState().setStatus(status);
    if (status.kind === 'connected') {
      ensureLink();
      void reattach();
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

/** docker-<n>'s number; 0 for a name the agent link did not give. */
function dockerNodeNumber(name: string): number {
  return Number(/^docker-(\d+)$/.exec(name)?.[1] ?? 0);
}

/** The node's place in the cluster, from the InternalIP it registered with (nodeIP). */
function nodeIndex(node: Node): number {
  const ip = node.status?.addresses?.find((address) => address.type === 'InternalIP')?.address;
  return Number(ip?.split('.')[3] ?? 0) - 2;
}

/**
 * The Docker nodes the cluster holds that no kubelet of this page runs: after a reload the Node
 * outlives the tab's kubelet, until the agent is paired again.
 */
async function orphanedDockerNodes(): Promise<Node[]> {
  const { items } = await asAdmin((client) =>
    client.resource<Node>(NODE_TYPE).list({ labelSelector: AGENT_RUNTIME_LABEL }),
  );
  const running = useAgent.getState().dockerNodes;
  return items.filter((node) => !running.includes(node.metadata?.name ?? ''));
}

/** Lists the Docker nodes without a kubelet, for the panel to say how to bring them back. */
export async function findOrphanedDockerNodes(): Promise<void> {
  if (!browserCluster()) return;
  try {
    const nodes = await orphanedDockerNodes();
    for (const node of nodes)
      dockerNodes = Math.max(dockerNodes, dockerNodeNumber(node.metadata?.name ?? ''));
    useAgent.getState().setOrphans(nodes.map((node) => node.metadata?.name ?? ''));
  } catch (error) {
    useAgent.getState().setError(error instanceof Error ? error.message : String(error));
  }
}

/**
 * Once the agent is back after a reload, restarts the kubelet of each Docker node the cluster
 * still holds: it relists the agent's containers and takes its pods over (docker-node.ts).
 */
async function reattachDockerNodes(): Promise<void> {
  const cluster = browserCluster();
  const status = connection.status;
  if (!cluster || status.kind !== 'connected') return;
  const engine = status.engine.info;
  if (!status.engine.available || !engine) return;
  try {
    const nodes = await orphanedDockerNodes();
    await link?.added;
    for (const node of nodes) {
      const name = node.metadata?.name ?? '';
      dockerNodes = Math.max(dockerNodes, dockerNodeNumber(name));
      await cluster.addMainActors(
        createDockerNodeActors({ name, index: nodeIndex(node), engine, resumed: true }),
      );
      useAgent.getState().addedNode(name);
    }
  } catch (error) {
    useAgent.getState().setError(error instanceof Error ? error.message : String(error));
  }
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
