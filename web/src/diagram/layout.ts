// Where everything sits on the diagram, drawn as the classic Kubernetes architecture picture:
// kubectl above the control plane (API server, etcd, scheduler, controller manager), the worker
// nodes in a row below, each with its kubelet, kube-proxy, container runtime and pods.
// Pure data for React Flow, so it is unit-tested without a browser.

import type { Node as K8sNode, Pod } from 'kubernetes-types/core/v1';
import { podReadyColumn, podStatusColumn } from '../../../workers/api/pod-columns.ts';
import { isNodeReady } from '../cluster/store.ts';

export type DiagramNodeKind = 'component' | 'zone' | 'pod';

export interface DiagramNode {
  id: string;
  type: DiagramNodeKind;
  position: { x: number; y: number };
  parentId?: string;
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
}

const NODE_WIDTH = 270;
const NODE_GAP = 24;
const POD_WIDTH = 76;
const POD_HEIGHT = 30;
const PODS_PER_ROW = 3;
const PODS_TOP = 150;
const CONTROL_PLANE_WIDTH = 700;
const CONTROL_PLANE_HEIGHT = 220;
const NODES_TOP = 300;
const COMPONENT_HEIGHT = 58;
/** Tall enough for the handler chain's five stages under the title. */
const APISERVER_HEIGHT = 150;
/** Past this many pods a node shows a summary instead of one chip per pod. */
export const MAX_POD_CHIPS = 12;

export type PodTone = 'pending' | 'running' | 'succeeded' | 'failed' | 'terminating' | 'waiting';

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

function podNode(pod: Pod, parentId: string, index: number): DiagramNode {
  const meta = pod.metadata ?? {};
  return {
    id: `pod:${meta.namespace ?? ''}/${meta.name ?? ''}`,
    type: 'pod',
    parentId,
    position: {
      x: 12 + (index % PODS_PER_ROW) * (POD_WIDTH + 8),
      y: PODS_TOP + Math.floor(index / PODS_PER_ROW) * (POD_HEIGHT + 8),
    },
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

function component(
  id: string,
  parentId: string | undefined,
  x: number,
  y: number,
  width: number,
  data: Record<string, unknown>,
  height = COMPONENT_HEIGHT,
): DiagramNode {
  const node: DiagramNode = {
    id,
    type: 'component',
    position: { x, y },
    width,
    height,
    data,
  };
  if (parentId) node.parentId = parentId;
  return node;
}

function edge(
  source: string,
  sourceHandle: string,
  target: string,
  targetHandle: string,
): DiagramEdge {
  return { id: `${source}~${target}`, source, target, sourceHandle, targetHandle };
}

export interface Layout {
  nodes: DiagramNode[];
  edges: DiagramEdge[];
}

export function layoutCluster(nodes: readonly K8sNode[], pods: readonly Pod[]): Layout {
  const width = Math.max(
    CONTROL_PLANE_WIDTH + 260,
    nodes.length * (NODE_WIDTH + NODE_GAP) - NODE_GAP,
  );
  const controlX = Math.round((width - CONTROL_PLANE_WIDTH) / 2) - 120;
  const result: DiagramNode[] = [
    component('kubectl', undefined, controlX + 265, -120, 170, {
      title: 'kubectl',
      subtitle: 'you',
      role: 'client',
    }),
    {
      id: 'control-plane',
      type: 'zone',
      position: { x: controlX, y: 0 },
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
  ];
  const edges: DiagramEdge[] = [
    edge('kubectl', 'bottom', 'apiserver', 'top'),
    edge('apiserver', 'right', 'etcd', 'left'),
    edge('scheduler', 'right', 'apiserver', 'left'),
    edge('controller-manager', 'right', 'apiserver', 'left'),
  ];

  const unscheduled = pods.filter((pod) => !pod.spec?.nodeName);
  result.push({
    id: 'pending',
    type: 'zone',
    position: { x: controlX + CONTROL_PLANE_WIDTH + 24, y: 0 },
    width: 3 * (POD_WIDTH + 8) + 16,
    height: CONTROL_PLANE_HEIGHT,
    data: {
      title: 'Not scheduled yet',
      subtitle: unscheduled.length ? `${unscheduled.length} pod(s)` : 'none',
      tone: 'pending',
    },
  });
  unscheduled.slice(0, 15).forEach((pod, index) => {
    const node = podNode(pod, 'pending', index);
    node.position = {
      x: 12 + (index % PODS_PER_ROW) * (POD_WIDTH + 8),
      y: 44 + Math.floor(index / PODS_PER_ROW) * (POD_HEIGHT + 8),
    };
    result.push(node);
  });

  nodes.forEach((node, index) => {
    const name = node.metadata?.name ?? '';
    const zone = `node:${name}`;
    const onNode = pods.filter((pod) => pod.spec?.nodeName === name);
    const chips = onNode.length > MAX_POD_CHIPS ? [] : onNode;
    const rows = Math.max(1, Math.ceil(chips.length / PODS_PER_ROW));
    const ready = isNodeReady(node);
    const address =
      node.status?.addresses?.find((item) => item.type === 'InternalIP')?.address ?? '';
    result.push({
      id: zone,
      type: 'zone',
      position: { x: index * (NODE_WIDTH + NODE_GAP), y: NODES_TOP },
      width: NODE_WIDTH,
      height: PODS_TOP + rows * (POD_HEIGHT + 8) + 12,
      data: {
        title: name,
        subtitle: `${address} · ${ready ? 'Ready' : 'NotReady'}${node.spec?.unschedulable ? ',SchedulingDisabled' : ''}`,
        tone: ready ? 'node' : 'node-not-ready',
        summary:
          onNode.length > MAX_POD_CHIPS
            ? `${onNode.length} pods, ${onNode.filter((pod) => podTone(pod) === 'running').length} Running`
            : '',
        podCIDR: node.spec?.podCIDR ?? '',
      },
    });
    result.push(
      component(`kubelet:${name}`, zone, 12, 40, 118, {
        title: 'kubelet',
        subtitle: ready ? 'Ready' : 'NotReady',
        role: 'kubelet',
      }),
    );
    result.push(
      component(`kube-proxy:${name}`, zone, 140, 40, 118, {
        title: 'kube-proxy',
        subtitle: 'node rules',
        role: 'proxy',
      }),
    );
    result.push({
      ...component(`runtime:${name}`, zone, 12, 104, 246, {
        title: 'containerd',
        subtitle: 'CRI runtime',
        role: 'runtime',
      }),
      height: 36,
    });
    chips.forEach((pod, podIndex) => result.push(podNode(pod, zone, podIndex)));
    edges.push(edge('apiserver', 'bottom', `kubelet:${name}`, 'top'));
    edges.push(edge('apiserver', 'bottom', `kube-proxy:${name}`, 'top'));
    edges.push(edge(`kubelet:${name}`, 'bottom', `runtime:${name}`, 'top'));
  });
  return { nodes: result, edges };
}

/** The diagram node a trace endpoint is drawn at. */
export function diagramNodeOf(component: string): string {
  if (component === 'kube-apiserver') return 'apiserver';
  if (component === 'kube-scheduler') return 'scheduler';
  if (component === 'kube-controller-manager') return 'controller-manager';
  const [kind, node] = component.split('/');
  if (kind === 'kubelet' && node) return `kubelet:${node}`;
  if (kind === 'kube-proxy' && node) return `kube-proxy:${node}`;
  if (kind === 'containerd' && node) return `runtime:${node}`;
  return component;
}
