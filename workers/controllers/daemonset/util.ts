// DaemonSet helpers (pkg/controller/daemon/util/daemonset_util.go and the placement predicates of
// daemon_controller.go): the pod a DaemonSet wants on a node, with its daemon tolerations and the
// node affinity that pins it there, whether a node should run it, and which pods are up to date.

import type { DaemonSet } from 'kubernetes-types/apps/v1';
import type {
  Affinity,
  Node,
  Pod,
  PodSpec,
  PodTemplateSpec,
  Toleration,
} from 'kubernetes-types/core/v1';
import { findUntoleratedTaint, requiredNodeAffinityMatches } from '../../api/node-affinity.ts';
import { parseTime } from '../../api/time.ts';

/** apps.DefaultDaemonSetUniqueLabelKey (= ControllerRevisionHashLabelKey). */
export const REVISION_HASH_LABEL = 'controller-revision-hash';
/** extensions.DaemonSetTemplateGenerationKey. */
export const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';
const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';

/** The taints DaemonSet pods tolerate, in the order AddOrUpdateDaemonPodTolerations adds them. */
const DAEMON_TOLERATIONS: readonly Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];
const NETWORK_UNAVAILABLE: Toleration = {
  key: 'node.kubernetes.io/network-unavailable',
  operator: 'Exists',
  effect: 'NoSchedule',
};

/** Toleration.MatchToleration: the same key, operator, value and effect. */
function sameToleration(a: Toleration, b: Toleration): boolean {
  return (
    (a.key ?? '') === (b.key ?? '') &&
    (a.operator ?? '') === (b.operator ?? '') &&
    (a.value ?? '') === (b.value ?? '') &&
    (a.effect ?? '') === (b.effect ?? '')
  );
}

/** AddOrUpdateDaemonPodTolerations, through v1helper.AddOrUpdateTolerationInPodSpec. */
export function addDaemonTolerations(spec: PodSpec): void {
  const wanted = spec.hostNetwork
    ? [...DAEMON_TOLERATIONS, NETWORK_UNAVAILABLE]
    : DAEMON_TOLERATIONS;
  const tolerations = [...(spec.tolerations ?? [])];
  for (const toleration of wanted) {
    const index = tolerations.findIndex((existing) => sameToleration(existing, toleration));
    if (index < 0) tolerations.push({ ...toleration });
    else tolerations[index] = { ...toleration };
  }
  spec.tolerations = tolerations;
}

/** ReplaceDaemonSetPodNodeNameNodeAffinity: the required node terms become "this node only". */
export function pinToNode(affinity: Affinity | undefined, nodeName: string): Affinity {
  const terms = [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }];
  const result: Affinity = structuredClone(affinity ?? {});
  const nodeAffinity = (result.nodeAffinity ??= {});
  const required = nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution;
  if (required) required.nodeSelectorTerms = terms;
  else nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = { nodeSelectorTerms: terms };
  return result;
}

/** GetTemplateGeneration: the DaemonSet's template generation, if it carries a valid one. */
export function templateGeneration(ds: DaemonSet): number | undefined {
  const value = ds.metadata?.annotations?.[TEMPLATE_GENERATION_ANNOTATION];
  if (value === undefined || !/^[+-]?\d+$/.test(value)) return undefined;
  return Number(value);
}

/** CreatePodTemplate: the template plus daemon tolerations, generation and hash labels. */
export function createPodTemplate(ds: DaemonSet, hash: string): PodTemplateSpec {
  const template: PodTemplateSpec = structuredClone(ds.spec?.template ?? {});
  const spec = (template.spec ??= { containers: [] });
  addDaemonTolerations(spec);
  const meta = (template.metadata ??= {});
  const labels = { ...meta.labels };
  const generation = templateGeneration(ds);
  if (generation !== undefined) labels[TEMPLATE_GENERATION_LABEL] = String(generation);
  if (hash) labels[REVISION_HASH_LABEL] = hash;
  meta.labels = labels;
  return template;
}

/** NewPod: the pod the DaemonSet would run on `nodeName`, for the placement checks. */
function newPod(ds: DaemonSet, nodeName: string): PodSpec {
  const spec: PodSpec = structuredClone(ds.spec?.template.spec ?? { containers: [] });
  spec.nodeName = nodeName;
  addDaemonTolerations(spec);
  return spec;
}

export interface Placement {
  shouldRun: boolean;
  shouldContinueRunning: boolean;
}

/**
 * NodeShouldRunDaemonPod: whether a new daemon pod belongs on the node, and whether one already
 * there may stay (it may while it tolerates the node's NoExecute taints).
 */
export function nodeShouldRunDaemonPod(node: Node, ds: DaemonSet): Placement {
  const spec = newPod(ds, node.metadata?.name ?? '');
  const templateNode = ds.spec?.template.spec?.nodeName ?? '';
  if (templateNode !== '' && templateNode !== node.metadata?.name)
    return { shouldRun: false, shouldContinueRunning: false };
  if (!requiredNodeAffinityMatches(spec, node))
    return { shouldRun: false, shouldContinueRunning: false };
  const taints = node.spec?.taints ?? [];
  const tolerations = spec.tolerations ?? [];
  const blocking = findUntoleratedTaint(
    taints,
    tolerations,
    (taint) => taint.effect === 'NoSchedule' || taint.effect === 'NoExecute',
  );
  if (!blocking) return { shouldRun: true, shouldContinueRunning: true };
  const evicting = findUntoleratedTaint(
    taints,
    tolerations,
    (taint) => taint.effect === 'NoExecute',
  );
  return { shouldRun: false, shouldContinueRunning: evicting === undefined };
}

/** GetTargetNodeName: spec.nodeName, or the node its affinity pins it to. */
export function targetNodeName(pod: Pod): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  const terms =
    pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
      ?.nodeSelectorTerms ?? [];
  for (const term of terms) {
    for (const requirement of term.matchFields ?? []) {
      if (
        requirement.key === 'metadata.name' &&
        requirement.operator === 'In' &&
        requirement.values?.length === 1
      )
        return requirement.values[0];
    }
  }
  return undefined;
}

/** IsPodUpdated: the pod carries the current hash, or the current template generation. */
export function isPodUpdated(pod: Pod, hash: string, generation: number | undefined): boolean {
  const labels = pod.metadata?.labels ?? {};
  const templateMatches =
    generation !== undefined && labels[TEMPLATE_GENERATION_LABEL] === String(generation);
  return (hash !== '' && labels[REVISION_HASH_LABEL] === hash) || templateMatches;
}

/** podByCreationTimestampAndPhase: scheduled pods first, then older first, then by name. */
export function byCreationTimestampAndPhase(a: Pod, b: Pod): number {
  const aScheduled = Boolean(a.spec?.nodeName);
  const bScheduled = Boolean(b.spec?.nodeName);
  if (aScheduled !== bScheduled) return aScheduled ? -1 : 1;
  const at = parseTime(a.metadata?.creationTimestamp ?? '');
  const bt = parseTime(b.metadata?.creationTimestamp ?? '');
  if (at !== bt) return at - bt;
  const [an, bn] = [a.metadata?.name ?? '', b.metadata?.name ?? ''];
  return an < bn ? -1 : an > bn ? 1 : 0;
}

/** intstrutil.GetScaledValueFromIntOrPercent. */
export function scaledValue(
  value: number | string | undefined,
  total: number,
  roundUp: boolean,
): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  const percent = /^(\d+)%$/.exec(value);
  if (!percent) throw new Error(`invalid value for IntOrString: invalid value "${value}"`);
  const scaled = (Number(percent[1]) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/** UnavailableCount and SurgeCount: the rolling update's budgets for this many nodes. */
export function rollingBudgets(
  ds: DaemonSet,
  desiredNumberScheduled: number,
): { maxSurge: number; maxUnavailable: number } {
  const strategy = ds.spec?.updateStrategy;
  if (strategy?.type !== 'RollingUpdate' || !strategy.rollingUpdate)
    return { maxSurge: 0, maxUnavailable: 0 };
  return {
    maxUnavailable: scaledValue(
      strategy.rollingUpdate.maxUnavailable,
      desiredNumberScheduled,
      true,
    ),
    maxSurge: scaledValue(strategy.rollingUpdate.maxSurge, desiredNumberScheduled, true),
  };
}

/** AllowsSurge. */
export function allowsSurge(ds: DaemonSet): boolean {
  try {
    return rollingBudgets(ds, 1).maxSurge !== 0;
  } catch {
    return false;
  }
}
