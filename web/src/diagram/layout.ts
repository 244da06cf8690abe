// What the diagram draws, as the classic Kubernetes architecture picture: kubectl above the
// control plane (API server, etcd, scheduler, controller manager), the Services and the pods not
// yet scheduled beside it, and the worker nodes below, each with its kubelet, kube-proxy,
// container runtime and pods. Past what can be drawn legibly, pods fold into per-node summaries,
// nodes into one-line cards and cards into pools (thresholds below). This module decides the
// elements, their sizes and where children sit inside their group; where the top-level boxes go
// is elk-layout.ts's job. Pure data for React Flow, so it is unit-tested without a browser.

import type { Node as K8sNode, Pod, Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { podReadyColumn, podStatusColumn } from '../../../workers/api/pod-columns.ts';
import { isNodeReady } from '../cluster/store.ts';

export type DiagramNodeKind = 'component' | 'zone' | 'pod' | 'group' | 'service';

/** Top-level boxes sit in three bands, top to bottom (elk-layout.ts). */
export type Band = 'client' | 'control' | 'workers';

export interface DiagramNode {
  id: string;
  type: DiagramNodeKind;
  /** Relative to the parent for children; top-level boxes get theirs from the ELK layout. */
  position: { x: number; y: number };
  parentId?: string;
  /** Set on top-level boxes only. */
  band?: Band;
  width: number;
  height: number;
  data: Record<string, unknown>;
}

export interface DiagramEdge {
  id: string;
  source: string;
  target: string;
  sourceHandle: string;
  targetHandle: string;
  /** Drawn only while it carries a token: at scale, a hundred idle wires are just noise. */
  quiet?: boolean;
}

export interface Layout {
  nodes: DiagramNode[];
  edges: DiagramEdge[];
  /**
   * Where elements that are not drawn appear instead: a folded node's kubelet, kube-proxy and
   * runtime are its card (or its pool), a pod without a chip is its node's summary. Trace hops
   * to them animate against what stands for them.
   */
  aliases: ReadonlyMap<string, string>;
}

export interface LayoutInput {
  nodes: readonly K8sNode[];
  pods: readonly Pod[];
  services?: readonly Service[];
  endpointSlices?: readonly EndpointSlice[];
  /** Groups the user opened: `node:<name>` (a card or a node's pod summary) or `pool:<n>`. */
  expanded?: ReadonlySet<string>;
}

// Legibility thresholds. A pod chip is 76×30 px; past 12 (four rows of three) a node's zone would
// be taller than the control plane and the chips unreadable at the zoom that fits a few nodes.
/** A node draws one chip per pod up to this many; past it, a summary with phase bars. */
export const MAX_POD_CHIPS = 12;
/** A node the user expanded draws up to this many chips, then "+N more". */
export const EXPANDED_POD_CHIPS = 60;
/** Up to this many nodes each is drawn whole; past it, as one-line cards (the scenario cap). */
export const DETAILED_NODES = 12;
/** React Flow stays smooth up to about this many elements (nodes + edges); past it, pools. */
export const ELEMENT_BUDGET = 1000;
/** Nodes per pool when nodes are pooled by name (no topology.kubernetes.io/zone labels). */
export const POOL_SIZE = 25;
const MAX_PENDING_CHIPS = 15;
const MAX_SERVICE_CHIPS = 8;

const NODE_WIDTH = 270;
const CARD_WIDTH = 200;
const CARD_HEIGHT = 74;
const POD_WIDTH = 76;
const POD_HEIGHT = 30;
const PODS_PER_ROW = 3;
const PODS_TOP = 150;
const SUMMARY_HEIGHT = 44;
const CONTROL_PLANE_WIDTH = 700;
const CONTROL_PLANE_HEIGHT = 220;
const SIDE_ZONE_WIDTH = PODS_PER_ROW * (POD_WIDTH + 8) + 16;
const SERVICE_HEIGHT = 34;
const COMPONENT_HEIGHT = 58;
/** Tall enough for the handler chain's five stages under the title. */
const APISERVER_HEIGHT = 150;
const ZONE_LABEL = 'topology.kubernetes.io/zone';

export type PodTone = 'pending' | 'running' | 'succeeded' | 'failed' | 'terminating' | 'waiting';

/** The phase bars' order: what needs attention first. */
export const TONES: readonly PodTone[] = [
  'failed',
  'pending',
  'waiting',
  'terminating',
  'running',
  'succeeded',
];

export interface PhaseCount {
  tone: PodTone;
  count: number;
}

export function podTone(pod: Pod): PodTone {
  const status = podStatusColumn(pod);
  if (status === 'Terminating') return 'terminating';
  if (status === 'Running') return 'running';
  if (status === 'Completed' || status === 'Succeeded') return 'succeeded';
  if (
    [
      'Error',
      'Failed',
      'CrashLoopBackOff',
      'ErrImagePull',
      'ImagePullBackOff',
      'OOMKilled',
    ].includes(status)
  )
    return 'failed';
  if (status === 'Pending') return 'pending';
  return 'waiting';
}

/** Pods by tone, in TONES order, leaving out tones with none. */
export function phaseCounts(pods: readonly Pod[]): PhaseCount[] {
  const counts = new Map<PodTone, number>();
  for (const pod of pods) {
    const tone = podTone(pod);
    counts.set(tone, (counts.get(tone) ?? 0) + 1);
  }
  return TONES.filter((tone) => counts.has(tone)).map((tone) => ({
    tone,
    count: counts.get(tone) ?? 0,
  }));
}

const TONE_WORDS: Record<PodTone, string> = {
  failed: 'Failed',
  pending: 'Pending',
  waiting: 'Starting',
  terminating: 'Terminating',
  running: 'Running',
  succeeded: 'Completed',
};

/** "42 pods, 3 Pending": the count, then whatever is not Running. */
export function podSummary(phases: readonly PhaseCount[]): string {
  const total = phases.reduce((sum, phase) => sum + phase.count, 0);
  const notable = phases
    .filter((phase) => phase.tone !== 'running')
    .map((phase) => `${phase.count} ${TONE_WORDS[phase.tone]}`);
  return [`${total} ${total === 1 ? 'pod' : 'pods'}`, ...notable].join(', ');
}

function podNode(pod: Pod, parentId: string, x: number, y: number): DiagramNode {
  const meta = pod.metadata ?? {};
  return {
    id: `pod:${meta.namespace ?? ''}/${meta.name ?? ''}`,
    type: 'pod',
    parentId,
    position: { x, y },
    width: POD_WIDTH,
    height: POD_HEIGHT,
    data: {
      name: meta.name ?? '',
      namespace: meta.namespace ?? '',
      status: podStatusColumn(pod),
      ready: podReadyColumn(pod),
      tone: podTone(pod),
      ip: pod.status?.podIP ?? '',
    },
  };
}

function podIdOf(pod: Pod): string {
  return `pod:${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
}

/** Chips in rows of three from `top`. */
function podGrid(pods: readonly Pod[], parentId: string, top: number): DiagramNode[] {
  return pods.map((pod, index) =>
    podNode(
      pod,
      parentId,
      12 + (index % PODS_PER_ROW) * (POD_WIDTH + 8),
      top + Math.floor(index / PODS_PER_ROW) * (POD_HEIGHT + 8),
    ),
  );
}

function gridHeight(chips: number): number {
  return Math.max(1, Math.ceil(chips / PODS_PER_ROW)) * (POD_HEIGHT + 8);
}

function component(
  id: string,
  parentId: string | undefined,
  x: number,
  y: number,
  width: number,
  data: Record<string, unknown>,
  height = COMPONENT_HEIGHT,
): DiagramNode {
  const node: DiagramNode = { id, type: 'component', position: { x, y }, width, height, data };
  if (parentId) node.parentId = parentId;
  return node;
}

function edge(
  source: string,
  sourceHandle: string,
  target: string,
  targetHandle: string,
  quiet = false,
): DiagramEdge {
  const drawn: DiagramEdge = {
    id: `${source}~${target}`,
    source,
    target,
    sourceHandle,
    targetHandle,
  };
  if (quiet) drawn.quiet = true;
  return drawn;
}

/** node-2 before node-10. */
function byNaturalName(a: K8sNode, b: K8sNode): number {
  return (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? '', 'en', { numeric: true });
}

function controlPlane(): { nodes: DiagramNode[]; edges: DiagramEdge[] } {
  return {
    nodes: [
      {
        ...component('kubectl', undefined, 0, 0, 170, {
          title: 'kubectl',
          subtitle: 'you',
          role: 'client',
        }),
        band: 'client',
      },
      {
        id: 'control-plane',
        type: 'zone',
        position: { x: 0, y: 0 },
        band: 'control',
        width: CONTROL_PLANE_WIDTH,
        height: CONTROL_PLANE_HEIGHT,
        data: { title: 'Control plane', subtitle: '', tone: 'control' },
      },
      component('scheduler', 'control-plane', 20, 44, 180, {
        title: 'kube-scheduler',
        subtitle: 'watches pods, binds them',
        role: 'scheduler',
      }),
      component('controller-manager', 'control-plane', 20, 136, 180, {
        title: 'kube-controller-manager',
        subtitle: 'Deployments, Jobs, Services…',
        role: 'controllers',
      }),
      component(
        'apiserver',
        'control-plane',
        255,
        44,
        190,
        { title: 'kube-apiserver', subtitle: 'the only door to etcd', role: 'apiserver' },
        APISERVER_HEIGHT,
      ),
      component('etcd', 'control-plane', 500, 90, 180, {
        title: 'etcd',
        subtitle: 'every object, by revision',
        role: 'etcd',
      }),
    ],
    edges: [
      edge('kubectl', 'bottom', 'apiserver', 'top'),
      edge('apiserver', 'right', 'etcd', 'left'),
      edge('scheduler', 'right', 'apiserver', 'left'),
      edge('controller-manager', 'right', 'apiserver', 'left'),
    ],
  };
}

function pendingZone(unscheduled: readonly Pod[], aliases: Map<string, string>): DiagramNode[] {
  const chips = unscheduled.slice(0, MAX_PENDING_CHIPS);
  for (const pod of unscheduled.slice(MAX_PENDING_CHIPS)) aliases.set(podIdOf(pod), 'pending');
  const folded = unscheduled.length > chips.length;
  return [
    {
      id: 'pending',
      type: 'zone',
      position: { x: 0, y: 0 },
      band: 'control',
      width: SIDE_ZONE_WIDTH,
      height: CONTROL_PLANE_HEIGHT,
      data: {
        title: 'Not scheduled yet',
        subtitle: unscheduled.length ? `${unscheduled.length} pod(s)` : 'none',
        tone: 'pending',
        ...(folded
          ? {
              summary: `${podSummary(phaseCounts(unscheduled))}; ${chips.length} shown`,
            }
          : {}),
      },
    },
    ...podGrid(chips, 'pending', 44),
  ];
}

function readyEndpoints(service: Service, slices: readonly EndpointSlice[]): number {
  const name = service.metadata?.name;
  const namespace = service.metadata?.namespace;
  let ready = 0;
  for (const slice of slices) {
    if (slice.metadata?.namespace !== namespace) continue;
    if (slice.metadata?.labels?.['kubernetes.io/service-name'] !== name) continue;
    for (const endpoint of slice.endpoints)
      if (endpoint.conditions?.ready !== false) ready += endpoint.addresses.length;
  }
  return ready;
}

function servicesZone(
  services: readonly Service[],
  slices: readonly EndpointSlice[],
): DiagramNode[] {
  const chips = services.slice(0, MAX_SERVICE_CHIPS);
  const rows = Math.max(1, chips.length);
  const nodes: DiagramNode[] = [
    {
      id: 'services',
      type: 'zone',
      position: { x: 0, y: 0 },
      band: 'control',
      width: SIDE_ZONE_WIDTH,
      height: Math.max(CONTROL_PLANE_HEIGHT, 44 + rows * (SERVICE_HEIGHT + 6) + 8),
      data: {
        title: 'Services',
        subtitle: `${services.length}`,
        tone: 'services',
        ...(services.length > chips.length
          ? { summary: `${services.length - chips.length} more` }
          : {}),
      },
    },
  ];
  chips.forEach((service, index) => {
    const meta = service.metadata ?? {};
    nodes.push({
      id: `service:${meta.namespace ?? ''}/${meta.name ?? ''}`,
      type: 'service',
      parentId: 'services',
      position: { x: 12, y: 44 + index * (SERVICE_HEIGHT + 6) },
      width: SIDE_ZONE_WIDTH - 24,
      height: SERVICE_HEIGHT,
      data: {
        name: meta.name ?? '',
        namespace: meta.namespace ?? '',
        type: service.spec?.type ?? 'ClusterIP',
        clusterIP: service.spec?.clusterIP ?? '',
        endpoints: readyEndpoints(service, slices),
      },
    });
  });
  return nodes;
}

function nodeSubtitle(node: K8sNode): string {
  const address = node.status?.addresses?.find((item) => item.type === 'InternalIP')?.address;
  const ready = isNodeReady(node) ? 'Ready' : 'NotReady';
  const cordoned = node.spec?.unschedulable ? ',SchedulingDisabled' : '';
  return `${address ? `${address} · ` : ''}${ready}${cordoned}`;
}

function nodeTone(node: K8sNode): string {
  return isNodeReady(node) ? 'node' : 'node-not-ready';
}

/**
 * A node backed by a real engine through the local agent reports it (`docker://27.3.1`), where
 * simulated nodes report containerd: the engine's name and version, or undefined.
 */
export function realEngine(node: K8sNode): { name: string; version: string } | undefined {
  const [name = '', version = ''] = (node.status?.nodeInfo?.containerRuntimeVersion ?? '').split(
    '://',
  );
  return name && name !== 'containerd' ? { name, version } : undefined;
}

/** A node drawn whole: its zone, kubelet, kube-proxy, runtime and pods (chips or a summary). */
function detailedNode(
  node: K8sNode,
  pods: readonly Pod[],
  opened: boolean,
  aliases: Map<string, string>,
): { nodes: DiagramNode[]; edges: DiagramEdge[] } {
  const name = node.metadata?.name ?? '';
  const zone = `node:${name}`;
  const ready = isNodeReady(node);
  const cap = opened ? EXPANDED_POD_CHIPS : MAX_POD_CHIPS;
  const fits = pods.length <= MAX_POD_CHIPS;
  const chips = fits || opened ? pods.slice(0, cap) : [];
  for (const pod of pods.slice(chips.length)) aliases.set(podIdOf(pod), zone);
  const phases = phaseCounts(pods);
  const folded = chips.length < pods.length;
  const summaryRow = folded ? SUMMARY_HEIGHT : 0;
  const engine = realEngine(node);
  const nodes: DiagramNode[] = [
    {
      id: zone,
      type: 'zone',
      position: { x: 0, y: 0 },
      band: 'workers',
      width: NODE_WIDTH,
      height: PODS_TOP + (chips.length ? gridHeight(chips.length) : 0) + summaryRow + 12,
      data: {
        title: name,
        subtitle: nodeSubtitle(node),
        tone: nodeTone(node),
        podCIDR: node.spec?.podCIDR ?? '',
        ...(engine ? { real: `real containers · ${engine.name} ${engine.version}` } : {}),
        ...(folded || !fits
          ? {
              summary:
                chips.length && folded
                  ? `${podSummary(phases)}; ${pods.length - chips.length} more`
                  : podSummary(phases),
              phases,
              expandable: true,
              expanded: opened,
            }
          : {}),
      },
    },
    component(`kubelet:${name}`, zone, 12, 40, 118, {
      title: 'kubelet',
      subtitle: ready ? 'Ready' : 'NotReady',
      role: 'kubelet',
    }),
    component(`kube-proxy:${name}`, zone, 140, 40, 118, {
      title: 'kube-proxy',
      subtitle: 'node rules',
      role: 'proxy',
    }),
    {
      ...component(`runtime:${name}`, zone, 12, 104, 246, {
        title: engine?.name ?? 'containerd',
        subtitle: engine ? 'via the local agent' : 'CRI runtime',
        role: 'runtime',
      }),
      height: 36,
    },
    ...podGrid(chips, zone, PODS_TOP).map((pod) =>
      engine ? { ...pod, data: { ...pod.data, real: true } } : pod,
    ),
  ];
  return {
    nodes,
    edges: [
      edge('apiserver', 'bottom', `kubelet:${name}`, 'top'),
      edge('apiserver', 'bottom', `kube-proxy:${name}`, 'top'),
      edge(`kubelet:${name}`, 'bottom', `runtime:${name}`, 'top'),
    ],
  };
}

/** A node folded into one card: name, readiness, pod summary and phase bars. */
function nodeCard(node: K8sNode, pods: readonly Pod[], aliases: Map<string, string>): DiagramNode {
  const name = node.metadata?.name ?? '';
  const id = `node:${name}`;
  for (const part of ['kubelet', 'kube-proxy', 'runtime']) aliases.set(`${part}:${name}`, id);
  for (const pod of pods) aliases.set(podIdOf(pod), id);
  const phases = phaseCounts(pods);
  return {
    id,
    type: 'group',
    position: { x: 0, y: 0 },
    band: 'workers',
    width: CARD_WIDTH,
    height: CARD_HEIGHT,
    data: {
      kind: 'node',
      title: name,
      subtitle: nodeSubtitle(node),
      tone: nodeTone(node),
      summary: podSummary(phases),
      phases,
    },
  };
}

interface Pool {
  id: string;
  title: string;
  nodes: K8sNode[];
}

/** Nodes by topology zone when every node has one, else in blocks of POOL_SIZE by name. */
export function poolsOf(nodes: readonly K8sNode[]): Pool[] {
  if (nodes.length > 0 && nodes.every((node) => node.metadata?.labels?.[ZONE_LABEL])) {
    const zones = new Map<string, K8sNode[]>();
    for (const node of nodes) {
      const zone = node.metadata?.labels?.[ZONE_LABEL] ?? '';
      const members = zones.get(zone);
      if (members) members.push(node);
      else zones.set(zone, [node]);
    }
    return [...zones].map(([zone, members]) => ({
      id: `pool:${zone}`,
      title: zone,
      nodes: members,
    }));
  }
  const pools: Pool[] = [];
  for (let start = 0; start < nodes.length; start += POOL_SIZE) {
    const members = nodes.slice(start, start + POOL_SIZE);
    const first = members[0]?.metadata?.name ?? '';
    const last = members[members.length - 1]?.metadata?.name ?? '';
    pools.push({
      id: `pool:${pools.length + 1}`,
      title: members.length > 1 ? `${first} … ${last}` : first,
      nodes: members,
    });
  }
  return pools;
}

function poolCard(
  pool: Pool,
  podsByNode: ReadonlyMap<string, Pod[]>,
  aliases: Map<string, string>,
): DiagramNode {
  const pods: Pod[] = [];
  let ready = 0;
  for (const node of pool.nodes) {
    const name = node.metadata?.name ?? '';
    if (isNodeReady(node)) ready++;
    for (const part of ['node', 'kubelet', 'kube-proxy', 'runtime'])
      aliases.set(`${part}:${name}`, pool.id);
    for (const pod of podsByNode.get(name) ?? []) {
      pods.push(pod);
      aliases.set(podIdOf(pod), pool.id);
    }
  }
  const phases = phaseCounts(pods);
  return {
    id: pool.id,
    type: 'group',
    position: { x: 0, y: 0 },
    band: 'workers',
    width: CARD_WIDTH,
    height: CARD_HEIGHT,
    data: {
      kind: 'pool',
      title: pool.title,
      subtitle: `${pool.nodes.length} nodes, ${ready} Ready`,
      tone: ready === pool.nodes.length ? 'node' : 'node-not-ready',
      summary: podSummary(phases),
      phases,
    },
  };
}

/** The folding tier the cluster's size calls for. */
export function tierOf(nodeCount: number): 'detailed' | 'cards' | 'pools' {
  if (nodeCount <= DETAILED_NODES) return 'detailed';
  // A card and its (quiet) edge per node, plus the control plane's dozen elements.
  return 2 * nodeCount + 20 <= ELEMENT_BUDGET ? 'cards' : 'pools';
}

export function layoutCluster(input: LayoutInput): Layout {
  const expanded = input.expanded ?? new Set<string>();
  const aliases = new Map<string, string>();
  const plane = controlPlane();
  const result = [...plane.nodes];
  const edges = [...plane.edges];

  const podsByNode = new Map<string, Pod[]>();
  const unscheduled: Pod[] = [];
  for (const pod of input.pods) {
    const nodeName = pod.spec?.nodeName;
    if (!nodeName) unscheduled.push(pod);
    else {
      const onNode = podsByNode.get(nodeName);
      if (onNode) onNode.push(pod);
      else podsByNode.set(nodeName, [pod]);
    }
  }
  result.push(...pendingZone(unscheduled, aliases));
  result.push(...servicesZone(input.services ?? [], input.endpointSlices ?? []));

  const nodes = [...input.nodes].sort(byNaturalName);
  const tier = tierOf(nodes.length);
  const drawNode = (node: K8sNode) => {
    const name = node.metadata?.name ?? '';
    const pods = podsByNode.get(name) ?? [];
    const id = `node:${name}`;
    if (tier === 'detailed' || expanded.has(id)) {
      const whole = detailedNode(node, pods, expanded.has(id), aliases);
      result.push(...whole.nodes);
      edges.push(...whole.edges);
    } else {
      result.push(nodeCard(node, pods, aliases));
      edges.push(edge('apiserver', 'bottom', id, 'top', true));
    }
  };
  if (tier === 'pools') {
    for (const pool of poolsOf(nodes)) {
      if (expanded.has(pool.id)) pool.nodes.forEach(drawNode);
      else {
        result.push(poolCard(pool, podsByNode, aliases));
        edges.push(edge('apiserver', 'bottom', pool.id, 'top', true));
      }
    }
  } else nodes.forEach(drawNode);
  return { nodes: result, edges, aliases };
}

/** The diagram node a trace endpoint is drawn at. */
export function diagramNodeOf(component: string): string {
  if (component === 'kube-apiserver') return 'apiserver';
  if (component === 'kube-scheduler') return 'scheduler';
  if (component === 'kube-controller-manager') return 'controller-manager';
  const [kind, node] = component.split('/');
  if (kind === 'kubelet' && node) return `kubelet:${node}`;
  if (kind === 'kube-proxy' && node) return `kube-proxy:${node}`;
  if ((kind === 'containerd' || kind === 'docker') && node) return `runtime:${node}`;
  return component;
}

/** Where a trace endpoint shows: its own element, or the group standing for it. */
export function drawnNodeOf(component: string, aliases: ReadonlyMap<string, string>): string {
  const id = diagramNodeOf(component);
  return aliases.get(id) ?? id;
}
