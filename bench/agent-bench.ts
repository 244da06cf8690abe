// The local agent's overhead: container create→Running through the agent (the tab's calls over
// its WebSocket, the label check, the CRI → Docker mapping) against the very same Engine API calls
// made directly with dockerode (create, wait for the next exit, start), on the engine that
// K8SPG_DOCKER_HOST or DOCKER_HOST names. Measured in interleaved pairs (the order alternating,
// both containers removed only after both were timed) after warm-up pairs, the ratio is the median
// of the per-pair ratios with its interquartile range, so a slow moment of the engine weighs on
// one pair rather than on one side. Without a reachable engine and test image it says so.

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

const WARM_UP_PAIRS = 5;
const PAIRS = 40;
const ORIGIN = 'http://localhost:4173';
const TOKEN = 'bench-token';
const COMMAND = ['sh', '-c', "trap 'exit 0' TERM; sleep 300 & wait"];

/** The q-quantile of `values`, interpolated between the two nearest ranks. */
function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const below = sorted[Math.floor(position)] ?? 0;
  const above = sorted[Math.ceil(position)] ?? below;
  return below + (above - below) * (position - Math.floor(position));
}

function median(values: number[]): number {
  return quantile(values, 0.5);
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
    /** create→Running through the agent; → its time and how to remove it. */
    const throughAgent = async (round: number): Promise<[number, () => Promise<unknown>]> => {
      const config = { name: `c${round}`, image: TEST_IMAGE, command: COMMAND, attempt: round };
      const started = performance.now();
      const { containerId } = await tab.call({ method: 'createContainer', sandboxId, config });
      await tab.call({ method: 'startContainer', containerId });
      const ms = performance.now() - started;
      return [ms, () => tab.call({ method: 'removeContainer', containerId })];
    };
    // The same Engine API calls with the same options, without the agent (under another run
    // label, so the agent's event stream does not see them).
    const directly = async (round: number): Promise<[number, () => Promise<unknown>]> => {
      const config = { name: `d${round}`, image: TEST_IMAGE, command: COMMAND, attempt: round };
      const options = runtime.containerOptions({ id: sandboxId, pod }, config);
      options.Labels = { ...options.Labels, [AGENT_LABELS.run]: `${runId}-direct` };
      const started = performance.now();
      const container = await docker.createContainer(options);
      const exited = container.wait({ condition: 'next-exit' }) as Promise<unknown>;
      exited.catch(() => undefined);
      await container.start();
      const ms = performance.now() - started;
      return [ms, () => container.remove({ force: true })];
    };
    const viaAgent: number[] = [];
    const direct: number[] = [];
    for (let round = 0; round < WARM_UP_PAIRS + PAIRS; round++) {
      // Alternate which goes first, so that neither always follows the other.
      const [first, second] = round % 2 === 0 ? [throughAgent, directly] : [directly, throughAgent];
      const [firstMs, removeFirst] = await first(round);
      const [secondMs, removeSecond] = await second(round);
      await removeFirst();
      await removeSecond();
      if (round < WARM_UP_PAIRS) continue;
      viaAgent.push(round % 2 === 0 ? firstMs : secondMs);
      direct.push(round % 2 === 0 ? secondMs : firstMs);
    }
    const ratios = viaAgent.map((ms, pair) => ms / (direct[pair] ?? ms));
    const agentMs = median(viaAgent);
    const directMs = median(direct);
    const ratio = median(ratios);
    const info = await tab.call({ method: 'info' });
    return [
      `engine: ${info.runtimeName} ${info.runtimeVersion} at ${host}; ${PAIRS} interleaved pairs after ${WARM_UP_PAIRS} warm-up pairs`,
      `create→Running through the agent (WebSocket calls): median ${agentMs.toFixed(1)} ms`,
      `create→Running directly with dockerode:            median ${directMs.toFixed(1)} ms`,
      `agent / direct, median of per-pair ratios: ${ratio.toFixed(3)} (IQR ${quantile(ratios, 0.25).toFixed(3)}–${quantile(ratios, 0.75).toFixed(3)}; overhead ${((ratio - 1) * 100).toFixed(1)} %, target < 10 %)`,
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
