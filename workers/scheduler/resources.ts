// What a pod asks of a node (k8s.io/component-helpers resource.PodRequests as the scheduler
// calls it): regular containers summed, init containers taken at their peak (sidecars counted
// throughout), plus the pod overhead; and the non-zero variant used for scoring.

import type { Container, Node, Pod } from 'kubernetes-types/core/v1';
import { isParseError } from '../api/errors.ts';
import { milliValue, parseQuantity } from '../api/quantity.ts';
import { emptyResources, type Resources } from './framework.ts';

/** Scoring defaults for containers that request nothing (schedutil.DefaultMilliCPURequest / DefaultMemoryRequest). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

function quantity(value: unknown): number {
  const parsed = parseQuantity(String(value));
  return isParseError(parsed) ? 0 : milliValue(parsed);
}

/** A resource list as scheduler Resources: cpu in millicores, everything else in whole units. */
export function toResources(list: Readonly<Record<string, unknown>> | undefined): Resources {
  const resources = emptyResources();
  for (const [name, value] of Object.entries(list ?? {})) {
    const milli = quantity(value);
    if (name === 'cpu') resources.milliCPU = milli;
    else if (name === 'memory') resources.memory = Math.ceil(milli / 1000);
    else if (name === 'ephemeral-storage') resources.ephemeralStorage = Math.ceil(milli / 1000);
    else if (name !== 'pods') resources.scalar[name] = Math.ceil(milli / 1000);
  }
  return resources;
}

export function add(into: Resources, other: Resources): void {
  into.milliCPU += other.milliCPU;
  into.memory += other.memory;
  into.ephemeralStorage += other.ephemeralStorage;
  for (const [name, value] of Object.entries(other.scalar))
    into.scalar[name] = (into.scalar[name] ?? 0) + value;
}

export function subtract(from: Resources, other: Resources): void {
  from.milliCPU -= other.milliCPU;
  from.memory -= other.memory;
  from.ephemeralStorage -= other.ephemeralStorage;
  for (const [name, value] of Object.entries(other.scalar))
    from.scalar[name] = (from.scalar[name] ?? 0) - value;
}

function max(a: Resources, b: Resources): Resources {
  const result: Resources = {
    milliCPU: Math.max(a.milliCPU, b.milliCPU),
    memory: Math.max(a.memory, b.memory),
    ephemeralStorage: Math.max(a.ephemeralStorage, b.ephemeralStorage),
    scalar: { ...a.scalar },
  };
  for (const [name, value] of Object.entries(b.scalar))
    result.scalar[name] = Math.max(result.scalar[name] ?? 0, value);
  return result;
}

function containerRequest(container: Container, nonZero: boolean): Resources {
  const requests = toResources(container.resources?.requests);
  if (nonZero) {
    const asked = container.resources?.requests ?? {};
    if (!('cpu' in asked)) requests.milliCPU = DEFAULT_MILLI_CPU_REQUEST;
    if (!('memory' in asked)) requests.memory = DEFAULT_MEMORY_REQUEST;
  }
  return requests;
}

export function podRequests(pod: Pod, nonZero = false): Resources {
  const total = emptyResources();
  for (const container of pod.spec?.containers ?? [])
    add(total, containerRequest(container, nonZero));
  // Sidecars (restartable init containers) keep running: they add to everything after them.
  const sidecars = emptyResources();
  let initPeak = emptyResources();
  for (const container of pod.spec?.initContainers ?? []) {
    const request = containerRequest(container, nonZero);
    const inUse = emptyResources();
    if (container.restartPolicy === 'Always') {
      add(total, request);
      add(sidecars, request);
    } else {
      add(inUse, request);
    }
    add(inUse, sidecars);
    initPeak = max(initPeak, inUse);
  }
  const result = max(total, initPeak);
  add(result, toResources(pod.spec?.overhead));
  return result;
}

export function nodeAllocatable(node: Node): { resources: Resources; pods: number } {
  const allocatable = node.status?.allocatable ?? node.status?.capacity ?? {};
  return {
    resources: toResources(allocatable),
    pods: Math.floor(quantity(allocatable.pods ?? '0') / 1000),
  };
}
