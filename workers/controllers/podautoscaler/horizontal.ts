// The horizontal pod autoscaler (pkg/controller/podautoscaler/horizontal.go reconcileAutoscaler,
// computeReplicasForMetrics, computeStatusForResourceMetric[Generic], setStatus,
// setConditionInList; metrics/rest_metrics_client.go for the resource metrics API): every 15 s each
// HPA reads its target's /scale, its pods' metrics from metrics.k8s.io, proposes a replica count
// (replica-calculator.ts), stabilizes and limits it (behavior.ts), writes /scale and its status, and
// records upstream's events. Left out: Pods, Object and External metrics (they fail as unavailable
// metric APIs do), the AmbiguousSelector check across HPAs.

import type {
  HorizontalPodAutoscaler,
  HorizontalPodAutoscalerCondition,
  MetricSpec,
  MetricStatus,
} from 'kubernetes-types/autoscaling/v2';
import type { Scale } from 'kubernetes-types/autoscaling/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { jsonEqual } from '../../api/json-merge-patch.ts';
import {
  matchesLabels,
  parseLabelSelector,
  selectorString,
  type Selector,
} from '../../api/labels.ts';
import { formatQuantity, parseQuantity } from '../../api/quantity.ts';
import { BUILTIN_RESOURCES } from '../../api/resources.ts';
import { formatTime, parseTime } from '../../api/time.ts';
import { POD_TYPE, StatusError } from '../../client/client.ts';
import type { CoreEventRecorder } from '../../client/events.ts';
import { objectKey, type Informer } from '../../client/informer.ts';
import type { KubeObject } from '../../client/protocol.ts';
import { runWorkers, WorkQueue } from '../../client/workqueue.ts';
import type { Controller, ControllerContext } from '../controller.ts';
import { ScaleHistory, type ConditionChange } from './behavior.ts';
import {
  CalculationError,
  rawResourceReplicas,
  resourceReplicas,
  type PodMetricsInfo,
  type ReplicaCalculation,
} from './replica-calculator.ts';

const HPA_TYPE = { group: 'autoscaling', version: 'v2', resource: 'horizontalpodautoscalers' };
const POD_METRICS_TYPE = { group: 'metrics.k8s.io', version: 'v1beta1', resource: 'pods' };
/** --horizontal-pod-autoscaler-sync-period. */
export const SYNC_PERIOD_MS = 15_000;

/** A failure whose message is upstream's error text. */
class SyncError extends Error {}

interface PodMetricsItem {
  metadata?: { name?: string; namespace?: string };
  timestamp?: string;
  window?: string;
  containers?: { name: string; usage?: Record<string, string> }[];
}

/** A metav1.Duration as metrics-server writes it (`15s`, `1m0.5s`), in ms. */
function durationMs(text: string | undefined): number {
  let ms = 0;
  for (const [, amount = '0', unit] of (text ?? '').matchAll(/([\d.]+)(h|ms|m|s)/g))
    ms += Number(amount) * ({ h: 3_600_000, m: 60_000, s: 1000, ms: 1 }[unit ?? 's'] ?? 0);
  return ms;
}

/** Quantity.MilliValue(): rounded up. */
function milliValue(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const parsed = parseQuantity(text);
  return 'error' in parsed ? undefined : parsed.milliValue;
}

/** getPodMetrics / getContainerMetrics of the resource metrics client. */
function podMetricsInfo(items: readonly PodMetricsItem[], resource: string, container: string) {
  const info: PodMetricsInfo = new Map();
  for (const item of items) {
    const base = {
      timestamp: item.timestamp ? parseTime(item.timestamp) : 0,
      windowMs: durationMs(item.window),
    };
    const containers = item.containers ?? [];
    if (container !== '') {
      const found = containers.find((c) => c.name === container);
      if (!found)
        throw new SyncError(
          `failed to get container metrics: container ${container} not present in metrics for pod ${item.metadata?.namespace ?? ''}/${item.metadata?.name ?? ''}`,
        );
      const value = milliValue(found.usage?.[resource]);
      if (value !== undefined) info.set(item.metadata?.name ?? '', { ...base, value });
      continue;
    }
    let sum = 0;
    let missing = containers.length === 0;
    for (const c of containers) {
      const value = milliValue(c.usage?.[resource]);
      if (value === undefined) {
        missing = true;
        break;
      }
      sum += value;
    }
    if (!missing) info.set(item.metadata?.name ?? '', { ...base, value: sum });
  }
  return info;
}

function errorText(error: unknown): string {
  if (error instanceof StatusError) return error.status.message ?? '';
  return error instanceof Error ? error.message : String(error);
}

/** setConditionInList: the transition time moves only when the status does. */
export function setCondition(
  conditions: HorizontalPodAutoscalerCondition[],
  change: ConditionChange,
  now: number,
): HorizontalPodAutoscalerCondition[] {
  const list = conditions.map((condition) => ({ ...condition }));
  let existing = list.find((condition) => condition.type === change.type);
  if (!existing) {
    existing = { type: change.type, status: '' };
    list.push(existing);
  }
  if (existing.status !== change.status) existing.lastTransitionTime = formatTime(now);
  existing.status = change.status;
  existing.reason = change.reason;
  existing.message = change.message;
  return list;
}

interface MetricProposal {
  replicas: number;
  name: string;
  status: MetricStatus;
}

export class HorizontalController implements Controller {
  readonly name = 'horizontal-pod-autoscaler';
  private context!: ControllerContext;
  private recorder!: CoreEventRecorder;
  private queue!: WorkQueue;
  private hpas!: Informer<HorizontalPodAutoscaler>;
  private pods!: Informer<Pod>;
  private readonly history = new ScaleHistory();
  /** Keys with a sync already waiting out its period (the queue's FixedItemIntervalRateLimiter). */
  private readonly scheduled = new Set<string>();

  setup(context: ControllerContext): void {
    this.context = context;
    this.recorder = context.recorder('horizontal-pod-autoscaler');
    this.queue = new WorkQueue(context.clock);
    this.hpas = context.informers.for<HorizontalPodAutoscaler>(HPA_TYPE);
    this.pods = context.informers.for<Pod>(POD_TYPE);
    const enqueue = (hpa: HorizontalPodAutoscaler): void => {
      this.schedule(objectKey(hpa));
    };
    this.hpas.addEventHandler({
      onAdd: enqueue,
      onUpdate: (_old, hpa) => {
        enqueue(hpa);
      },
      onDelete: (hpa) => {
        this.history.forget(objectKey(hpa));
      },
    });
  }

  run(): void {
    runWorkers(this.queue, 1, async (key) => {
      const deleted = await this.reconcileKey(key);
      if (!deleted) this.schedule(key);
    });
  }

  /** AddRateLimited with the sync period: a key already waiting is not added again. */
  private schedule(key: string): void {
    if (this.scheduled.has(key)) return;
    this.scheduled.add(key);
    this.context.clock.setTimeout(() => {
      this.scheduled.delete(key);
      this.queue.add(key);
    }, SYNC_PERIOD_MS);
  }

  private async reconcileKey(key: string): Promise<boolean> {
    const hpa = this.hpas.get(key);
    if (!hpa) {
      this.history.forget(key);
      return true;
    }
    // Informer items carry no type; the recorder's references need it.
    const copy: HorizontalPodAutoscaler = {
      ...structuredClone(hpa),
      kind: 'HorizontalPodAutoscaler',
      apiVersion: 'autoscaling/v2',
    };
    await this.reconcile(copy, key);
    return false;
  }

  private event(
    hpa: HorizontalPodAutoscaler,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
  ) {
    this.recorder.event(hpa, type, reason, message);
  }

  private async reconcile(hpa: HorizontalPodAutoscaler, key: string): Promise<void> {
    const now = this.context.clock.now();
    const original = structuredClone(hpa.status ?? { desiredReplicas: 0 });
    const status = (hpa.status ??= { desiredReplicas: 0 });
    const condition = (change: ConditionChange): void => {
      status.conditions = setCondition(status.conditions ?? [], change, now);
    };
    const spec = hpa.spec;
    if (!spec) return;
    const namespace = hpa.metadata?.namespace ?? '';
    const ref = spec.scaleTargetRef;
    const failedGetScale = async (message: string): Promise<void> => {
      this.event(hpa, 'Warning', 'FailedGetScale', message);
      condition({
        type: 'AbleToScale',
        status: 'False',
        reason: 'FailedGetScale',
        message: `the HPA controller was unable to get the target's current scale: ${message}`,
      });
      await this.updateStatusIfNeeded(original, hpa);
    };
    const group = (ref.apiVersion ?? '').includes('/') ? (ref.apiVersion ?? '').split('/')[0] : '';
    const target = BUILTIN_RESOURCES.find(
      (type) =>
        type.group === group && type.kind === ref.kind && type.subresources?.includes('scale'),
    );
    if (!target) {
      await failedGetScale(`no matches for kind "${ref.kind}" in group "${group ?? ''}"`);
      return;
    }
    const scalePath = `${group ? `/apis/${group}/${target.version}` : '/api/v1'}/namespaces/${namespace}/${target.resource}/${ref.name}/scale`;
    const scaleResponse = await this.context.client.request({ verb: 'GET', path: scalePath });
    if (scaleResponse.code !== 200) {
      await failedGetScale((scaleResponse.body as { message?: string } | null)?.message ?? '');
      return;
    }
    const scale = scaleResponse.body as Scale;
    condition({
      type: 'AbleToScale',
      status: 'True',
      reason: 'SucceededGetScale',
      message: "the HPA controller was able to get the target's current scale",
    });
    const currentReplicas = scale.spec?.replicas ?? 0;
    this.history.recordInitial(key, currentReplicas, now);
    const minReplicas = spec.minReplicas ?? 1;
    let desiredReplicas = 0;
    let rescaleReason = '';
    let rescale = true;
    let metricStatuses: MetricStatus[] | null = status.currentMetrics ?? null;
    if (currentReplicas === 0 && minReplicas !== 0) {
      rescale = false;
      condition({
        type: 'ScalingActive',
        status: 'False',
        reason: 'ScalingDisabled',
        message: 'scaling is disabled since the replica count of the target is zero',
      });
    } else if (currentReplicas > spec.maxReplicas) {
      rescaleReason = 'Current number of replicas above Spec.MaxReplicas';
      desiredReplicas = spec.maxReplicas;
    } else if (currentReplicas < minReplicas) {
      rescaleReason = 'Current number of replicas below Spec.MinReplicas';
      desiredReplicas = minReplicas;
    } else {
      let computed: { replicas: number; metric: string; statuses: MetricStatus[] };
      try {
        computed = await this.computeReplicasForMetrics(hpa, scale, condition);
      } catch (error) {
        if (!(error instanceof SyncError)) throw error;
        this.setStatus(
          hpa,
          currentReplicas,
          status.desiredReplicas,
          status.currentMetrics ?? null,
          false,
          now,
        );
        await this.updateStatusIfNeeded(original, hpa);
        this.event(hpa, 'Warning', 'FailedComputeMetricsReplicas', error.message);
        return;
      }
      metricStatuses = computed.statuses;
      desiredReplicas = computed.replicas;
      if (desiredReplicas > currentReplicas) rescaleReason = `${computed.metric} above target`;
      if (desiredReplicas < currentReplicas) rescaleReason = 'All metrics below target';
      const normalized = spec.behavior
        ? this.history.normalizeWithBehavior(
            key,
            spec.behavior,
            currentReplicas,
            desiredReplicas,
            minReplicas,
            spec.maxReplicas,
            now,
          )
        : this.history.normalize(
            key,
            currentReplicas,
            desiredReplicas,
            minReplicas,
            spec.maxReplicas,
            now,
          );
      for (const change of normalized.conditions) condition(change);
      desiredReplicas = normalized.replicas;
      rescale = desiredReplicas !== currentReplicas;
    }
    if (rescale) {
      const update = await this.context.client.request({
        verb: 'PUT',
        path: scalePath,
        body: { ...scale, spec: { ...scale.spec, replicas: desiredReplicas } },
      });
      if (update.code !== 200) {
        const message = (update.body as { message?: string } | null)?.message ?? '';
        this.event(
          hpa,
          'Warning',
          'FailedRescale',
          `New size: ${String(desiredReplicas)}; reason: ${rescaleReason}; error: ${message}`,
        );
        condition({
          type: 'AbleToScale',
          status: 'False',
          reason: 'FailedUpdateScale',
          message: `the HPA controller was unable to update the target scale: ${message}`,
        });
        this.setStatus(
          hpa,
          currentReplicas,
          status.desiredReplicas,
          status.currentMetrics ?? null,
          false,
          now,
        );
        await this.updateStatusIfNeeded(original, hpa);
        return;
      }
      condition({
        type: 'AbleToScale',
        status: 'True',
        reason: 'SucceededRescale',
        message: `the HPA controller was able to update the target scale to ${String(desiredReplicas)}`,
      });
      this.event(
        hpa,
        'Normal',
        'SuccessfulRescale',
        `New size: ${String(desiredReplicas)}; reason: ${rescaleReason}`,
      );
      this.history.storeScaleEvent(key, spec.behavior, currentReplicas, desiredReplicas, now);
    } else {
      desiredReplicas = currentReplicas;
    }
    this.setStatus(hpa, currentReplicas, desiredReplicas, metricStatuses, rescale, now);
    await this.updateStatusIfNeeded(original, hpa);
  }

  /** setStatus. */
  private setStatus(
    hpa: HorizontalPodAutoscaler,
    currentReplicas: number,
    desiredReplicas: number,
    metricStatuses: MetricStatus[] | null,
    rescale: boolean,
    now: number,
  ): void {
    const previous = hpa.status;
    const lastScaleTime = rescale ? formatTime(now) : previous?.lastScaleTime;
    hpa.status = {
      ...(previous?.observedGeneration !== undefined
        ? { observedGeneration: previous.observedGeneration }
        : {}),
      ...(lastScaleTime !== undefined ? { lastScaleTime } : {}),
      ...(currentReplicas !== 0 ? { currentReplicas } : {}),
      desiredReplicas,
      currentMetrics: metricStatuses,
      ...(previous?.conditions ? { conditions: previous.conditions } : {}),
    } as HorizontalPodAutoscaler['status'];
  }

  /** updateStatusIfNeeded: a status write only when it changed. */
  private async updateStatusIfNeeded(
    original: HorizontalPodAutoscaler['status'],
    hpa: HorizontalPodAutoscaler,
  ): Promise<void> {
    if (jsonEqual(original, hpa.status)) return;
    try {
      await this.context.client
        .resource<HorizontalPodAutoscaler>(HPA_TYPE, hpa.metadata?.namespace)
        .updateStatus(hpa);
    } catch (error) {
      this.event(hpa, 'Warning', 'FailedUpdateStatus', errorText(error));
    }
  }

  /** computeReplicasForMetrics: the largest proposal; errors when every metric failed. */
  private async computeReplicasForMetrics(
    hpa: HorizontalPodAutoscaler,
    scale: Scale,
    condition: (change: ConditionChange) => void,
  ): Promise<{ replicas: number; metric: string; statuses: MetricStatus[] }> {
    const selectorText = scale.status?.selector ?? '';
    if (selectorText === '') {
      this.event(hpa, 'Warning', 'SelectorRequired', 'selector is required');
      condition({
        type: 'ScalingActive',
        status: 'False',
        reason: 'InvalidSelector',
        message: "the HPA target's scale is missing a selector",
      });
      throw new SyncError('selector is required');
    }
    const selector = parseLabelSelector(selectorText);
    if ('error' in selector) {
      const message = `couldn't convert selector into a corresponding internal selector object: ${selector.error}`;
      this.event(hpa, 'Warning', 'InvalidSelector', message);
      condition({ type: 'ScalingActive', status: 'False', reason: 'InvalidSelector', message });
      throw new SyncError(message);
    }
    const specs = hpa.spec?.metrics ?? [];
    const specReplicas = scale.spec?.replicas ?? 0;
    const statuses: MetricStatus[] = specs.map(() => ({ type: '' }));
    let replicas = 0;
    let metric = '';
    let invalid = 0;
    let firstError: { message: string; condition: ConditionChange } | null = null;
    for (const [index, spec] of specs.entries()) {
      const outcome = await this.computeReplicasForMetric(hpa, spec, specReplicas, selector);
      if ('error' in outcome) {
        firstError ??= outcome;
        invalid++;
        continue;
      }
      statuses[index] = outcome.status;
      if (replicas === 0 || outcome.replicas > replicas) {
        replicas = outcome.replicas;
        metric = outcome.name;
      }
    }
    if (firstError && (invalid >= specs.length || replicas < specReplicas)) {
      condition(firstError.condition);
      throw new SyncError(
        `invalid metrics (${String(invalid)} invalid out of ${String(specs.length)}), first error is: ${firstError.message}`,
      );
    }
    condition({
      type: 'ScalingActive',
      status: 'True',
      reason: 'ValidMetricFound',
      message: `the HPA was able to successfully calculate a replica count from ${metric}`,
    });
    return { replicas, metric, statuses };
  }

  /** getUnableComputeReplicaCountCondition: the event, and the condition it proposes. */
  private unableToCompute(
    hpa: HorizontalPodAutoscaler,
    reason: string,
    message: string,
    wrapped: string,
  ): { error: true; message: string; condition: ConditionChange } {
    this.event(hpa, 'Warning', reason, message);
    return {
      error: true,
      message: wrapped,
      condition: {
        type: 'ScalingActive',
        status: 'False',
        reason,
        message: `the HPA was unable to compute the replica count: ${message}`,
      },
    };
  }

  private async computeReplicasForMetric(
    hpa: HorizontalPodAutoscaler,
    spec: MetricSpec,
    specReplicas: number,
    selector: Selector,
  ): Promise<MetricProposal | { error: true; message: string; condition: ConditionChange }> {
    const source =
      spec.type === 'Resource'
        ? spec.resource
        : spec.type === 'ContainerResource'
          ? spec.containerResource
          : undefined;
    if (!source) return this.unavailableMetric(hpa, spec);
    const container =
      spec.type === 'ContainerResource' ? (spec.containerResource?.container ?? '') : '';
    const reason =
      spec.type === 'Resource' ? 'FailedGetResourceMetric' : 'FailedGetContainerResourceMetric';
    const wrap = (message: string): string =>
      spec.type === 'Resource'
        ? `failed to get ${source.name} resource metric value: ${message}`
        : `failed to get ${container} container metric value: ${message}`;
    const target = source.target;
    const utilizationTarget =
      target.averageValue === undefined ? target.averageUtilization : undefined;
    if (target.averageValue === undefined && utilizationTarget === undefined) {
      const message =
        'invalid resource metric source: neither an average utilization target nor an average value target was set';
      return this.unableToCompute(hpa, reason, message, wrap(message));
    }
    const failed = (detail: string) => {
      const measure = utilizationTarget !== undefined ? 'utilization' : 'usage';
      const message = `failed to get ${source.name} ${measure}: ${detail}`;
      return this.unableToCompute(hpa, reason, message, wrap(message));
    };
    let metrics: PodMetricsInfo;
    try {
      metrics = await this.resourceMetric(
        source.name,
        hpa.metadata?.namespace ?? '',
        selector,
        container,
      );
    } catch (error) {
      return failed(`unable to get metrics for resource ${source.name}: ${errorText(error)}`);
    }
    const namespace = hpa.metadata?.namespace ?? '';
    const pods = this.pods
      .list()
      .filter(
        (pod) =>
          pod.metadata?.namespace === namespace && matchesLabels(selector, pod.metadata.labels),
      );
    const inputs = {
      currentReplicas: specReplicas,
      pods,
      metrics,
      resource: source.name,
      container,
      now: this.context.clock.now(),
    };
    let calculation: ReplicaCalculation;
    try {
      calculation =
        utilizationTarget !== undefined
          ? resourceReplicas(inputs, utilizationTarget)
          : rawResourceReplicas(inputs, milliValue(String(target.averageValue)) ?? 0);
    } catch (error) {
      if (!(error instanceof CalculationError)) throw error;
      return failed(error.message);
    }
    const averageValue = formatQuantity(calculation.rawAverage, 'DecimalSI');
    const current =
      utilizationTarget !== undefined
        ? { averageUtilization: calculation.utilization, averageValue }
        : { averageValue };
    const status: MetricStatus =
      spec.type === 'Resource'
        ? { type: 'Resource', resource: { name: source.name, current } }
        : {
            type: 'ContainerResource',
            containerResource: { name: source.name, container, current },
          };
    const name =
      utilizationTarget === undefined
        ? `${source.name} resource`
        : spec.type === 'Resource'
          ? `${source.name} resource utilization (percentage of request)`
          : `${source.name} container resource utilization (percentage of request)`;
    return { replicas: calculation.replicas, name, status };
  }

  /**
   * Pods, Object and External metrics come from custom.metrics.k8s.io and external.metrics.k8s.io,
   * which this cluster does not serve: they fail as with no adapter installed.
   */
  private unavailableMetric(
    hpa: HorizontalPodAutoscaler,
    spec: MetricSpec,
  ): { error: true; message: string; condition: ConditionChange } {
    const metric = spec.pods?.metric.name ?? spec.object?.metric.name ?? spec.external?.metric.name;
    const api = spec.type === 'External' ? 'external' : 'custom';
    const message = `unable to get metric ${metric ?? ''}: unable to fetch metrics from ${api} metrics API: no known available metric versions found`;
    const kind = spec.type.toLowerCase();
    return this.unableToCompute(
      hpa,
      `FailedGet${spec.type}Metric`,
      message,
      `failed to get ${kind} metric value: ${message}`,
    );
  }

  /** resourceMetricsClient.GetResourceMetric: the pods' PodMetrics, summed per pod. */
  private async resourceMetric(
    resource: string,
    namespace: string,
    selector: Selector,
    container: string,
  ): Promise<PodMetricsInfo> {
    const labelSelector = selectorString(selector);
    let items: PodMetricsItem[];
    try {
      const list = await this.context.client
        .resource<KubeObject>(POD_METRICS_TYPE, namespace)
        .list(labelSelector ? { labelSelector } : {});
      items = list.items;
    } catch (error) {
      throw new SyncError(`unable to fetch metrics from resource metrics API: ${errorText(error)}`);
    }
    if (items.length === 0) throw new SyncError('no metrics returned from resource metrics API');
    return podMetricsInfo(items, resource, container);
  }
}
