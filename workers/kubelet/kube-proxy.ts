// kube-proxy of one node (cmd/kube-proxy, pkg/proxy/config, pkg/proxy/iptables): it watches its
// own Node, Services and EndpointSlices and, at most once per minSyncPeriod (1 s, kubeadm's
// default), rebuilds the node's iptables rules (proxy-rules.ts), publishing each new
// iptables-restore input as a trace so the UI can show the table. The informers take every
// Service and slice; syncProxyRules drops those for other proxies and headless ones.

import type { Node, Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { NODE_TYPE, type Client } from '../client/client.ts';
import { Informer } from '../client/informer.ts';
import { kubeProxyId, type TraceDraft } from '../client/protocol.ts';
import type { Clock } from '../host/clock.ts';
import type { Rng } from '../host/rng.ts';
import { iptablesRestoreInput, syncProxyRules, type RuleTable } from './proxy-rules.ts';

const SERVICE_TYPE = { group: '', version: 'v1', resource: 'services' } as const;
const ENDPOINT_SLICE_TYPE = {
  group: 'discovery.k8s.io',
  version: 'v1',
  resource: 'endpointslices',
} as const;
const MIN_SYNC_PERIOD_MS = 1000;
/** kubeadm's pod subnet, which kube-proxy's ClusterCIDR local-traffic detector uses. */
export const CLUSTER_CIDR = '10.244.0.0/16';

export class KubeProxy {
  private readonly node: Informer<Node>;
  private readonly services: Informer<Service>;
  private readonly slices: Informer<EndpointSlice>;
  private table: RuleTable = { chains: { filter: [], nat: [] }, rules: [] };
  private published = '';
  private lastSync = -Infinity;
  private syncPending = false;
  private started = false;

  constructor(
    client: Client,
    private readonly clock: Clock,
    rng: Rng,
    private readonly nodeName: string,
    private readonly trace: (draft: TraceDraft) => void = () => undefined,
  ) {
    this.node = new Informer<Node>(client.resource(NODE_TYPE), clock, rng, {
      fieldSelector: `metadata.name=${nodeName}`,
    });
    this.services = new Informer<Service>(client.resource(SERVICE_TYPE), clock, rng);
    this.slices = new Informer<EndpointSlice>(client.resource(ENDPOINT_SLICE_TYPE), clock, rng);
    const changed = {
      onAdd: () => {
        this.requestSync();
      },
      onUpdate: () => {
        this.requestSync();
      },
      onDelete: () => {
        this.requestSync();
      },
    };
    this.services.addEventHandler(changed);
    this.slices.addEventHandler(changed);
  }

  async start(): Promise<void> {
    await Promise.all([this.node.start(), this.services.start(), this.slices.start()]);
    this.started = true;
    this.syncProxyRules();
  }

  get podCIDR(): string | undefined {
    return this.node.list()[0]?.spec?.podCIDR;
  }

  /** The rules as of the last sync. */
  get rules(): RuleTable {
    return this.table;
  }

  get servicesSeen(): Service[] {
    return this.services.list();
  }

  get slicesSeen(): EndpointSlice[] {
    return this.slices.list();
  }

  /** The BoundedFrequencyRunner: run now, or once minSyncPeriod has passed since the last run. */
  private requestSync(): void {
    if (!this.started || this.syncPending) return;
    this.syncPending = true;
    const wait = Math.max(0, this.lastSync + MIN_SYNC_PERIOD_MS - this.clock.now());
    this.clock.setTimeout(() => {
      this.syncPending = false;
      this.syncProxyRules();
    }, wait);
  }

  private syncProxyRules(): void {
    this.lastSync = this.clock.now();
    this.table = syncProxyRules(this.services.list(), this.slices.list(), {
      nodeName: this.nodeName,
      clusterCIDR: CLUSTER_CIDR,
    });
    const text = iptablesRestoreInput(this.table);
    if (text === this.published) return;
    this.published = text;
    this.trace({
      to: kubeProxyId(this.nodeName),
      kind: 'internal',
      label: 'iptables-restore',
      ref: `nodes/${this.nodeName}`,
      detail: text,
    });
  }
}
