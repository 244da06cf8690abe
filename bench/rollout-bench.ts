// Deployment rollout benchmark: a 10-replica Deployment rolled to a new image in the in-process
// host, virtual time as fast as possible. Prints the wall time; asserts nothing.

import type { Deployment } from 'kubernetes-types/apps/v1';
import type { Client } from '../workers/client/client.ts';
import type { KubeObject } from '../workers/client/protocol.ts';
import { DEPLOYMENT_TYPE } from '../workers/controllers/deployment/context.ts';
import { InProcessHost } from '../workers/host/in-process-host.ts';

const REPLICAS = 10;

function rolledOut(objects: Map<string, KubeObject>, image: string): boolean {
  const d = objects.get('/registry/deployments/default/web') as Deployment | undefined;
  const status = d?.status;
  return (
    d?.spec?.template.spec?.containers[0]?.image === image &&
    status?.observedGeneration === d.metadata?.generation &&
    status?.updatedReplicas === REPLICAS &&
    status.replicas === REPLICAS &&
    status.availableReplicas === REPLICAS
  );
}

function deployment(): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      replicas: REPLICAS,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.26' }] },
      },
    },
  };
}

export async function benchRollingUpdate(): Promise<string[]> {
  const objects = new Map<string, KubeObject>();
  const host = new InProcessHost({
    seed: 'rollout-bench',
    nodes: 3,
    onChange: (events) => {
      for (const event of events) {
        if (event.type === 'DELETED') objects.delete(event.key);
        else objects.set(event.key, event.object);
      }
    },
  });
  await host.runUntil(() => objects.has('/registry/serviceaccounts/default/default'), 120_000);
  const deployments = (client: Client) => client.resource<Deployment>(DEPLOYMENT_TYPE, 'default');
  await host.kubectlDo((client) => deployments(client).create(deployment()));
  await host.runUntil(() => rolledOut(objects, 'nginx:1.26'), 600_000);
  const started = performance.now();
  await host.kubectlDo((client) =>
    deployments(client).patch('web', 'strategic', {
      spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } },
    }),
  );
  const done = await host.runUntil(() => rolledOut(objects, 'nginx:1.27'), 600_000);
  const elapsed = performance.now() - started;
  return [
    done
      ? `10-replica rolling update, as fast as possible: ${elapsed.toFixed(0)} ms`
      : '10-replica rolling update: did not finish within 10 virtual minutes',
  ];
}
