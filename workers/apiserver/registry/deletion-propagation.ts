// What a delete does to an owner's dependents, as the generic store decides it
// (k8s.io/apiserver pkg/registry/generic/registry/store.go: shouldOrphanDependents,
// shouldDeleteDependents, deletionFinalizersForGarbageCollection, markAsDeleting) and the
// DeleteOptions checks of apimachinery's ValidateDeleteOptions. The garbage collector does the rest.

import { field, invalid, type FieldError, type Status } from '../../api/errors.ts';
import type { KubeObject } from '../../client/protocol.ts';
import { formatTime } from '../../api/time.ts';
import type { Strategy } from './strategy.ts';

export const FINALIZER_ORPHAN_DEPENDENTS = 'orphan';
export const FINALIZER_DELETE_DEPENDENTS = 'foregroundDeletion';

const PROPAGATION_POLICIES = ['Foreground', 'Background', 'Orphan'];
const DRY_RUN_VALUES = ['All'];

/** The parts of DeleteOptions that decide propagation. */
export interface PropagationOptions {
  orphanDependents?: boolean;
  propagationPolicy?: string;
  dryRun?: string[];
}

type ObjectMeta = NonNullable<KubeObject['metadata']>;

/** ValidateDeleteOptions: the handler's 422 for options that contradict each other. */
export function validateDeleteOptions(options: PropagationOptions): FieldError[] {
  const errors: FieldError[] = [];
  if (options.orphanDependents !== undefined && options.propagationPolicy !== undefined) {
    errors.push(
      field.invalid(
        'propagationPolicy',
        options.propagationPolicy,
        'orphanDependents and deletionPropagation cannot be both set',
      ),
    );
  }
  if (
    options.propagationPolicy !== undefined &&
    !PROPAGATION_POLICIES.includes(options.propagationPolicy)
  ) {
    errors.push(
      field.notSupported('propagationPolicy', options.propagationPolicy, [
        ...PROPAGATION_POLICIES,
        'nil',
      ]),
    );
  }
  const dryRun = options.dryRun ?? [];
  if (!dryRun.every((value) => DRY_RUN_VALUES.includes(value))) {
    errors.push(field.notSupported('dryRun', dryRun, DRY_RUN_VALUES));
  }
  return errors;
}

/** The 422 Status of invalid DeleteOptions, or null. */
export function deleteOptionsError(options: PropagationOptions): Status | null {
  const errors = validateDeleteOptions(options);
  return errors.length > 0
    ? invalid({ group: 'meta.k8s.io', kind: 'DeleteOptions' }, '', errors)
    : null;
}

function shouldOrphanDependents(
  strategy: Strategy,
  meta: ObjectMeta,
  options: PropagationOptions,
): boolean {
  const policy = strategy.defaultGarbageCollectionPolicy;
  if (policy === 'Unsupported') return false;
  // An explicit request overrides everything.
  if (options.orphanDependents !== undefined) return options.orphanDependents;
  if (options.propagationPolicy === 'Orphan') return true;
  if (options.propagationPolicy === 'Background' || options.propagationPolicy === 'Foreground')
    return false;
  // A finalizer already on the object overrides the kind's default.
  for (const finalizer of meta.finalizers ?? []) {
    if (finalizer === FINALIZER_ORPHAN_DEPENDENTS) return true;
    if (finalizer === FINALIZER_DELETE_DEPENDENTS) return false;
  }
  return policy === 'OrphanDependents';
}

function shouldDeleteDependents(
  strategy: Strategy,
  meta: ObjectMeta,
  options: PropagationOptions,
): boolean {
  if (strategy.defaultGarbageCollectionPolicy === 'Unsupported') return false;
  if (options.orphanDependents !== undefined) return false;
  if (options.propagationPolicy === 'Foreground') return true;
  if (options.propagationPolicy === 'Background' || options.propagationPolicy === 'Orphan')
    return false;
  for (const finalizer of meta.finalizers ?? []) {
    if (finalizer === FINALIZER_DELETE_DEPENDENTS) return true;
    if (finalizer === FINALIZER_ORPHAN_DEPENDENTS) return false;
  }
  return false;
}

/**
 * The finalizers the object should carry for the garbage collector, and whether that changes the
 * set it has: both GC finalizers are taken out, then put back as the options say.
 */
export function deletionFinalizersForGarbageCollection(
  strategy: Strategy,
  meta: ObjectMeta,
  options: PropagationOptions,
): { changed: boolean; finalizers: string[] } {
  const current = meta.finalizers ?? [];
  const finalizers = current.filter(
    (finalizer) =>
      finalizer !== FINALIZER_ORPHAN_DEPENDENTS && finalizer !== FINALIZER_DELETE_DEPENDENTS,
  );
  if (shouldOrphanDependents(strategy, meta, options)) finalizers.push(FINALIZER_ORPHAN_DEPENDENTS);
  if (shouldDeleteDependents(strategy, meta, options)) finalizers.push(FINALIZER_DELETE_DEPENDENTS);
  const before = new Set(current);
  const after = new Set(finalizers);
  const changed = before.size !== after.size || [...after].some((f) => !before.has(f));
  return changed ? { changed, finalizers } : { changed, finalizers: current };
}

/**
 * markAsDeleting: an object without graceful deletion that waits for finalizers gets a zero grace
 * period and a deletionTimestamp of now, unless it already has an earlier one.
 */
export function markAsDeleting(meta: ObjectMeta, now: number): void {
  if (!meta.deletionTimestamp && (meta.generation ?? 0) > 0) {
    meta.generation = (meta.generation ?? 0) + 1;
  }
  if (!meta.deletionTimestamp || Date.parse(meta.deletionTimestamp) > now) {
    meta.deletionTimestamp = formatTime(now);
  }
  meta.deletionGracePeriodSeconds = 0;
}
