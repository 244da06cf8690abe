// Scenario tests' cluster: the in-process host, booted Ready, as a ScenarioTarget.

import { readyCluster, type ReadyCluster } from '../../../workers/host/cluster-testing.ts';
import type { ImageDefinition } from '../../../workers/kubelet/custom-images.ts';
import { Discovery } from '../../../workers/kubectl/discovery.ts';
import { runKubectl } from '../../../workers/kubectl/kubectl.ts';
import type { Scenario } from './format.ts';
import type { ScenarioTarget } from './player.ts';

/** kubectl commands such as `rollout status` may wait this long in virtual time. */
const KUBECTL_LIMIT_MS = 15 * 60_000;

export async function inProcessTarget(
  scenario: Scenario,
  images: readonly ImageDefinition[] = [],
): Promise<{ cluster: ReadyCluster; target: ScenarioTarget }> {
  const cluster = await readyCluster(String(scenario.seed), scenario.nodes, { images });
  const { host } = cluster;
  let discovery: Discovery | null = null;
  const target: ScenarioTarget = {
    kubectl: (args, files, write) =>
      host.kubectlDo((client) => {
        discovery ??= new Discovery(client);
        const clock = host.kubectlClock;
        return runKubectl(args, { stdout: write, stderr: write, files }, client, discovery, {
          now: () => host.coordinator.time,
          ...(clock ? { clock } : {}),
        });
      }, KUBECTL_LIMIT_MS),
    advance: async (seconds) => {
      await host.coordinator.runUntil(host.coordinator.time + seconds * 1000);
    },
    fault: async (node, fault) => {
      host.setHeartbeat(node, fault === 'start-kubelet');
      await host.coordinator.runRound();
    },
  };
  return { cluster, target };
}
