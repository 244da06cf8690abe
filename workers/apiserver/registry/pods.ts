// The pod registry (pkg/registry/core/pod/strategy.go): status reset and QoS class on create,
// the spec's update restrictions, the status subresource, graceful deletion and the fields a
// field selector may use. Binding lives in binding.ts.

import type { Container, Pod, PodCondition, PodSpec } from 'kubernetes-types/core/v1';
import { field, type FieldError } from '../../api/errors.ts';
import { isParseError } from '../../api/errors.ts';
import { milliValue, parseQuantity } from '../../api/quantity.ts';
import { builtinType } from '../../api/resources.ts';
import { formatTime } from '../../api/time.ts';
import type { KubeObject } from '../../client/protocol.ts';
import {
  checkPodSpecQuantities,
  defaultPod,
  syncDeprecatedServiceAccount,
} from './pod-defaults.ts';
import { validatePodSpec, validatePodSpecUpdate } from './pod-validation.ts';
import type { Strategy } from './strategy.ts';

const POD_TYPE = builtinType('', 'pods');

type QosClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

/** qos.GetPodQOS: only cpu and memory count, and only positive quantities. */
export function podQosClass(spec: PodSpec): QosClass {
  const requests = new Map<string, number>();
  const limits = new Map<string, number>();
  let guaranteed = true;
  const containers: Container[] = [...(spec.initContainers ?? []), ...spec.containers];
  const add = (into: Map<string, number>, name: string, value: unknown): boolean => {
    if (name !== 'cpu' && name !== 'memory') return false;
    const quantity = parseQuantity(String(value));
    if (isParseError(quantity) || milliValue(quantity) <= 0) return false;
    into.set(name, (into.get(name) ?? 0) + milliValue(quantity));
    return true;
  };
  for (const container of containers) {
    for (const [name, value] of Object.entries(container.resources?.requests ?? {}))
      add(requests, name, value);
    const found = new Set<string>();
    for (const [name, value] of Object.entries(container.resources?.limits ?? {})) {
      if (add(limits, name, value)) found.add(name);
    }
    if (!found.has('cpu') || !found.has('memory')) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, request] of requests) {
      if (limits.get(name) !== request) {
        guaranteed = false;
        break;
      }
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}

/** podutil.UpdatePodCondition: replaces the condition of that type, keeping its transition time if the status stays. */
export function setPodCondition(pod: Pod, condition: PodCondition, now: number): void {
  const status = ((pod as { status?: Pod['status'] }).status ??= {});
  const conditions = ((status as { conditions?: PodCondition[] }).conditions ??= []);
  const index = conditions.findIndex((existing) => existing.type === condition.type);
  const existing = index === -1 ? undefined : conditions[index];
  const next: PodCondition = {
    ...condition,
    lastProbeTime: condition.lastProbeTime ?? null,
    lastTransitionTime:
      existing?.status === condition.status
        ? existing.lastTransitionTime
        : (condition.lastTransitionTime ?? formatTime(now)),
  } as PodCondition;
  if (index === -1) conditions.push(next);
  else conditions[index] = next;
}

function asPod(object: KubeObject): Pod {
  return object as Pod;
}

function specOf(pod: Pod): PodSpec {
  return pod.spec ?? { containers: [] };
}

export const podStrategy: Strategy = {
  type: POD_TYPE,
  returnDeletedObject: true,
  triggerField: 'spec.nodeName',
  checkDecode(object) {
    return checkPodSpecQuantities(asPod(object).spec);
  },
  applyDefaults(object) {
    const pod = asPod(object);
    const mutable = pod as { spec?: PodSpec };
    mutable.spec ??= { containers: [] };
    // Go ranges over a missing list as over an empty one; admission and the QoS class need one.
    (mutable.spec as { containers?: Container[] }).containers ??= [];
    defaultPod(mutable.spec);
  },
  prepareForCreate(object, context) {
    const pod = asPod(object) as Pod & { status?: Record<string, unknown> };
    // Admission may have filled serviceAccountName since decoding; encoding writes the alias.
    if (pod.spec) syncDeprecatedServiceAccount(pod.spec);
    pod.status = { phase: 'Pending', qosClass: podQosClass(specOf(pod)) };
    if ((pod.spec?.schedulingGates?.length ?? 0) > 0) {
      setPodCondition(
        pod,
        {
          type: 'PodScheduled',
          status: 'False',
          reason: 'SchedulingGated',
          message: 'Scheduling is blocked due to non-empty scheduling gates',
        },
        context.now,
      );
    }
  },
  prepareForUpdate(object, old) {
    (object as { status?: unknown }).status = (old as { status?: unknown }).status;
  },
  validate(object) {
    const pod = asPod(object);
    const errors: FieldError[] = validatePodSpec(pod.spec);
    const spec = specOf(pod);
    if (spec.nodeName && (spec.schedulingGates?.length ?? 0) > 0) {
      errors.push(
        field.forbidden(
          'spec.nodeName',
          'cannot be set until all schedulingGates have been cleared',
        ),
      );
    }
    return errors;
  },
  validateUpdate(object, old) {
    const pod = asPod(object);
    return [
      ...validatePodSpec(pod.spec),
      ...validatePodSpecUpdate(specOf(pod), specOf(asPod(old))),
    ];
  },
  gracePeriodSeconds(object, requested) {
    // CheckGracefulDelete.
    const pod = asPod(object);
    let period = requested ?? pod.spec?.terminationGracePeriodSeconds ?? 0;
    if (!pod.spec?.nodeName) period = 0;
    const phase = pod.status?.phase;
    if (phase === 'Failed' || phase === 'Succeeded') period = 0;
    if (period < 0) period = 1;
    return period;
  },
  selectableFields(object) {
    const pod = asPod(object);
    const meta = pod.metadata ?? {};
    return {
      'metadata.name': meta.name ?? '',
      'metadata.namespace': meta.namespace ?? '',
      'spec.nodeName': pod.spec?.nodeName ?? '',
      'spec.restartPolicy': pod.spec?.restartPolicy ?? '',
      'spec.schedulerName': pod.spec?.schedulerName ?? '',
      'spec.serviceAccountName': pod.spec?.serviceAccountName ?? '',
      'spec.hostNetwork': String(pod.spec?.hostNetwork ?? false),
      'status.phase': pod.status?.phase ?? '',
      'status.podIP': pod.status?.podIPs?.[0]?.ip ?? '',
      'status.nominatedNodeName': pod.status?.nominatedNodeName ?? '',
    };
  },
  status: {
    prepareForUpdate(object, old) {
      // Status writers may not touch the spec, nor owner references (old kubelets corrupted them).
      const pod = object as Pod & { spec?: PodSpec };
      const previous = asPod(old);
      pod.spec = previous.spec;
      const meta = (object.metadata ??= {});
      if (previous.metadata?.ownerReferences)
        meta.ownerReferences = previous.metadata.ownerReferences;
      else delete meta.ownerReferences;
      // The QoS class is backfilled for kubelets that drop it (podStatusStrategy.PrepareForUpdate).
      if (!pod.status?.qosClass && previous.status?.qosClass) {
        (pod as { status?: Record<string, unknown> }).status = {
          ...pod.status,
          qosClass: previous.status.qosClass,
        };
      }
    },
    validateUpdate(object, old) {
      const pod = asPod(object);
      const previous = asPod(old);
      const errors: FieldError[] = [];
      if (pod.status?.qosClass !== previous.status?.qosClass) {
        errors.push(
          field.invalid('status.qosClass', pod.status?.qosClass ?? '', 'field is immutable'),
        );
      }
      return errors;
    },
  },
};
