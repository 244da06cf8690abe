// The node IPAM controller's range allocator (pkg/controller/nodeipam/ipam/range_allocator.go):
// each node gets the next free /24 of the cluster CIDR (10.244.0.0/16, as kind and kubeadm use)
// in spec.podCIDR and spec.podCIDRs, which the node's network plugin hands out to pods.

import type { Node } from 'kubernetes-types/core/v1';
import { NODE_TYPE } from '../../client/client.ts';
import { objectKey, type Informer } from '../../client/informer.ts';
import { runWorkers, WorkQueue } from '../../client/workqueue.ts';
import type { Controller, ControllerContext } from '../controller.ts';

const CLUSTER_CIDR_PREFIX = '10.244';
const SUBNETS = 256;

export class NodeIpamController implements Controller {
  readonly name = 'node-ipam-controller';
  readonly serviceAccount = 'node-controller';
  private context!: ControllerContext;
  private nodes!: Informer<Node>;
  private queue!: WorkQueue;
  private readonly used = new Set<number>();

  setup(context: ControllerContext): void {
    this.context = context;
    this.queue = new WorkQueue(context.clock);
    this.nodes = context.informers.for<Node>(NODE_TYPE);
    this.nodes.addEventHandler({
      onAdd: (node) => {
        this.track(node);
        if (!node.spec?.podCIDR) this.queue.add(objectKey(node));
      },
      onUpdate: (_old, node) => {
        this.track(node);
      },
      onDelete: (node) => {
        const subnet = this.subnetOf(node);
        if (subnet !== null) this.used.delete(subnet);
      },
    });
  }

  run(): void {
    runWorkers(this.queue, 1, (name) => this.allocate(name));
  }

  private subnetOf(node: Node): number | null {
    const match = /^10\.244\.(\d+)\.0\/24$/.exec(node.spec?.podCIDR ?? '');
    return match ? Number(match[1]) : null;
  }

  private track(node: Node): void {
    const subnet = this.subnetOf(node);
    if (subnet !== null) this.used.add(subnet);
  }

  private async allocate(name: string): Promise<void> {
    const node = this.nodes.get(name);
    if (!node || node.spec?.podCIDR) return;
    let subnet = 0;
    while (this.used.has(subnet) && subnet < SUBNETS) subnet++;
    if (subnet >= SUBNETS)
      throw new Error(
        'CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range',
      );
    this.used.add(subnet);
    const cidr = `${CLUSTER_CIDR_PREFIX}.${subnet}.0/24`;
    try {
      await this.context.client
        .resource<Node>(NODE_TYPE)
        .patch(name, 'merge', { spec: { podCIDR: cidr, podCIDRs: [cidr] } });
    } catch (error) {
      this.used.delete(subnet);
      throw error;
    }
  }
}
