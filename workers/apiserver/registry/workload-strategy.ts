// What the workload registries (pkg/registry/apps/*, pkg/registry/batch/*) share: the status and
// spec each write may touch, generation bumps, and the template checks done while decoding.

import type { PodSpec } from 'kubernetes-types/core/v1';
import type { FieldError, ParseError } from '../../api/errors.ts';
import { jsonEqual } from '../../api/json-merge-patch.ts';
import type { LabelSelector } from '../../api/labels.ts';
import type { KubeObject } from '../../client/protocol.ts';
import { checkPodSpecQuantities } from './pod-defaults.ts';
import type { SubresourceStrategy } from './strategy.ts';
import { normalizeStatus, selectorText } from './workload-validation.ts';

type Loose = Record<string, unknown>;

export const specField = (object: KubeObject): Loose => (object as { spec?: Loose }).spec ?? {};

export const statusField = (object: KubeObject): Loose | undefined =>
  (object as { status?: Loose }).status;

export function setStatus(object: KubeObject, status: Loose | undefined): void {
  const mutable = object as { status?: Loose };
  if (status === undefined) delete mutable.status;
  else mutable.status = status;
}

/** PrepareForUpdate of the main resource: the status is the server's, kept from the stored object. */
export function keepStatus(object: KubeObject, old: KubeObject): void {
  setStatus(object, statusField(old));
}

/** Bumps metadata.generation when `changed` (Semantic.DeepEqual of the parts that count). */
export function bumpGenerationIf(object: KubeObject, old: KubeObject, changed: boolean): void {
  const meta = (object.metadata ??= {});
  meta.generation = (old.metadata?.generation ?? 0) + (changed ? 1 : 0);
}

export function specChanged(object: KubeObject, old: KubeObject): boolean {
  return !jsonEqual(specField(object), specField(old));
}

/** Quantities in a pod template fail decoding, as in a pod (see checkPodSpecQuantities). */
export function checkTemplateQuantities(template: unknown): string | null {
  return checkPodSpecQuantities((template as { spec?: PodSpec } | undefined)?.spec);
}

/** The scale subresource's selector for kinds with a metav1.LabelSelector at spec.selector. */
export function labelSelectorScale(object: KubeObject): string | ParseError {
  return selectorText(specField(object).selector as LabelSelector | undefined);
}

/**
 * A status subresource that keeps the spec (and `keepLabels`: the labels) and validates the new
 * status, normalized as Go re-encodes it.
 */
export function statusSubresource(options: {
  counters: { required: readonly string[]; omitEmpty: readonly string[] };
  validate(object: KubeObject, old: KubeObject): FieldError[];
  keepLabels?: boolean;
  /** Whatever else of the stored object a status write keeps. */
  keep?(object: KubeObject, old: KubeObject): void;
}): SubresourceStrategy {
  return {
    prepareForUpdate(object, old) {
      (object as { spec?: unknown }).spec = (old as { spec?: unknown }).spec;
      if (options.keepLabels) {
        const meta = (object.metadata ??= {});
        if (old.metadata?.labels) meta.labels = old.metadata.labels;
        else delete meta.labels;
      }
      options.keep?.(object, old);
      setStatus(object, normalizeStatus(statusField(object), options.counters));
    },
    validateUpdate: (object, old) => options.validate(object, old),
  };
}
