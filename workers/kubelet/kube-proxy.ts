// kube-proxy of one node (cmd/kube-proxy, pkg/proxy/config): it watches its own Node, and will
// watch Services and EndpointSlices to program the node's rules once those resources are served.

import type { Node } from 'kubernetes-types/core/v1';
import { NODE_TYPE, type Client } from '../client/client.ts';
import { Informer } from '../client/informer.ts';
import type { Clock } from '../host/clock.ts';
import type { Rng } from '../host/rng.ts';

export class KubeProxy {
  private readonly node: Informer<Node>;

  constructor(client: Client, clock: Clock, rng: Rng, nodeName: string) {
    this.node = new Informer<Node>(client.resource(NODE_TYPE), clock, rng, {
      fieldSelector: `metadata.name=${nodeName}`,
    });
  }

  start(): Promise<void> {
    return this.node.start();
  }

  get podCIDR(): string | undefined {
    return this.node.list()[0]?.spec?.podCIDR;
  }
}
