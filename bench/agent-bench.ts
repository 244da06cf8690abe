// The local agent's overhead: container create→Running through the agent (the tab's calls over
// its WebSocket, the label check, the CRI → Docker mapping) against the very same Engine API calls
// made directly with dockerode (create, wait for the next exit, start), alternating, on the engine
// that K8SPG_DOCKER_HOST or DOCKER_HOST names. Without a reachable engine and test image it says so.

import { randomUUID } from 'node:crypto';
import Docker from 'dockerode';
import {
  DockerodeEngine,
  dockerHostFromEnv,
  dockerOptions,
  probeEngine,
  TEST_IMAGE,
} from '../agent/engine-docker.ts';
import { AGENT_LABELS } from '../agent/protocol.ts';
import { AgentRuntime } from '../agent/runtime.ts';
import { AgentServer } from '../agent/server.ts';
import { TabClient } from '../agent/testing.ts';

const ROUNDS = 31;
const ORIGIN = 'http://localhost:4173';
const TOKEN = 'bench-token';
const COMMAND = ['sh', '-c', "trap 'exit 0' TERM; sleep 300 & wait"];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

export async function benchAgent(): Promise<string[]> {
  const host = dockerHostFromEnv();
  const unusable = await probeEngine(host);
  if (unusable) return [`skipped: ${unusable}`];

  const runId = `bench-${randomUUID().slice(0, 8)}`;
  const runtime = new AgentRuntime(new DockerodeEngine(host), {
    runId,
    sandboxImage: TEST_IMAGE,
    sandboxCommand: ['sleep', '2147483647'],
    podNetwork: 'none',
  });
  const agent = await AgentServer.start({
    host: '127.0.0.1',
    port: 0,
    allowOrigins: [ORIGIN],
    token: TOKEN,
    runtime,
    graceMs: 60_000,
    log: () => undefined,
  });
  const tab = await TabClient.connect(agent.url, ORIGIN);
  const docker = new Docker(dockerOptions(host));
  try {
    await tab.pair(TOKEN);
    const pod = { namespace: 'bench', name: 'bench', uid: runId };
    const { sandboxId } = await tab.call({
      method: 'runPodSandbox',
      config: { ...pod, hostname: 'bench' },
    });
    const viaAgent: number[] = [];
    const direct: number[] = [];
    const throughAgent = async (round: number): Promise<number> => {
      const config = { name: `c${round}`, image: TEST_IMAGE, command: COMMAND, attempt: round };
      const started = performance.now();
      const { containerId } = await tab.call({ method: 'createContainer', sandboxId, config });
      await tab.call({ method: 'startContainer', containerId });
      const ms = performance.now() - started;
      await tab.call({ method: 'removeContainer', containerId });
      return ms;
    };
    // The same Engine API calls with the same options, without the agent (under another run
    // label, so the agent's event stream does not see them).
    const directly = async (round: number): Promise<number> => {
      const config = { name: `d${round}`, image: TEST_IMAGE, command: COMMAND, attempt: round };
      const options = runtime.containerOptions({ id: sandboxId, pod }, config);
      options.Labels = { ...options.Labels, [AGENT_LABELS.run]: `${runId}-direct` };
      const started = performance.now();
      const container = await docker.createContainer(options);
      const exited = container.wait({ condition: 'next-exit' }) as Promise<unknown>;
      exited.catch(() => undefined);
      await container.start();
      const ms = performance.now() - started;
      await container.remove({ force: true });
      return ms;
    };
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate which goes first, so that neither always follows the other's clean-up.
      if (round % 2 === 0) {
        viaAgent.push(await throughAgent(round));
        direct.push(await directly(round));
      } else {
        direct.push(await directly(round));
        viaAgent.push(await throughAgent(round));
      }
    }
    // The first of each warms the engine up.
    const agentMs = median(viaAgent.slice(1));
    const directMs = median(direct.slice(1));
    const info = await tab.call({ method: 'info' });
    return [
      `engine: ${info.runtimeName} ${info.runtimeVersion} at ${host}; ${ROUNDS - 1} rounds after one warm-up, medians`,
      `create→Running through the agent (WebSocket calls): ${agentMs.toFixed(1)} ms`,
      `create→Running directly with dockerode:            ${directMs.toFixed(1)} ms`,
      `agent / direct: ${(agentMs / directMs).toFixed(3)} (overhead ${(((agentMs - directMs) / directMs) * 100).toFixed(1)} %, target < 10 %)`,
    ];
  } finally {
    await tab.close();
    await agent.close();
    const left = await docker.listContainers({
      all: true,
      filters: { label: [`${AGENT_LABELS.run}=${runId}-direct`] },
    });
    for (const { Id } of left) await docker.getContainer(Id).remove({ force: true });
    await runtime.removeAll();
  }
}
