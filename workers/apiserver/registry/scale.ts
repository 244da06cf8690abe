// The scale subresource (ScaleREST in pkg/registry/apps/deployment/storage/storage.go and its
// twins for ReplicaSets, StatefulSets and ReplicationControllers, with
// pkg/apis/autoscaling/validation ValidateScale): an autoscaling/v1 Scale view of an object's
// spec.replicas. A write becomes an update of the parent through its own strategy, carrying the
// Scale's resourceVersion, so a stale one conflicts on the parent; managedFields are translated
// between the two by fieldmanager/scale.ts.

import type { Scale } from 'kubernetes-types/autoscaling/v1';
import {
  badRequest,
  conflict,
  field,
  invalid,
  isParseError,
  notFound,
  type FieldError,
} from '../../api/errors.ts';
import { copyJson } from '../../api/json-merge-patch.ts';
import { validateObjectMeta } from '../../api/validation.ts';
import type { KubeObject } from '../../client/protocol.ts';
import { writeThroughScale } from '../fieldmanager/scale.ts';
import { ApiError, gr, type GenericRegistry } from './generic.ts';
import type { RequestContext, Strategy } from './strategy.ts';
import { IS_NEGATIVE } from './workload-validation.ts';

const SCALE_GROUP_VERSION = 'autoscaling/v1';

function selectorOf(strategy: Strategy, object: KubeObject): string {
  const selector = strategy.scaleSelector?.(object);
  if (selector === undefined)
    throw new ApiError(notFound(gr(strategy), object.metadata?.name ?? ''));
  if (isParseError(selector)) throw new ApiError(badRequest(selector.error));
  return selector;
}

/** scaleFrom<Kind>: the Scale of a stored object. */
export function scaleOf(strategy: Strategy, object: KubeObject): Scale {
  const meta = object.metadata ?? {};
  const replicas = (object as { spec?: { replicas?: number } }).spec?.replicas ?? 0;
  const selector = selectorOf(strategy, object);
  return {
    kind: 'Scale',
    apiVersion: SCALE_GROUP_VERSION,
    metadata: {
      name: meta.name,
      namespace: meta.namespace,
      uid: meta.uid,
      resourceVersion: meta.resourceVersion,
      creationTimestamp: meta.creationTimestamp,
    },
    // ScaleSpec.replicas is omitempty; ScaleStatus.replicas is not.
    spec: replicas === 0 ? {} : { replicas },
    status: {
      replicas: (object as { status?: { replicas?: number } }).status?.replicas ?? 0,
      ...(selector === '' ? {} : { selector }),
    },
  };
}

/** What the update and patch handlers check of any body before it reaches the registry. */
function checkRequestScale(scale: KubeObject, name: string, namespace: string | undefined): Scale {
  if (scale.apiVersion !== undefined && scale.apiVersion !== SCALE_GROUP_VERSION) {
    throw new ApiError(
      badRequest(
        `the API version in the data (${scale.apiVersion}) does not match the expected API version (${SCALE_GROUP_VERSION})`,
      ),
    );
  }
  if (scale.kind !== undefined && scale.kind !== 'Scale') {
    throw new ApiError(
      badRequest(`the kind in the data (${scale.kind}) does not match the expected kind (Scale)`),
    );
  }
  const meta = (scale.metadata ??= {});
  if (!meta.name) {
    throw new ApiError(
      badRequest(
        `the name of the object (${name} based on URL) was undeterminable: name must be provided`,
      ),
    );
  }
  if (meta.name !== name) {
    throw new ApiError(
      badRequest(
        `the name of the object (${meta.name}) does not match the name on the URL (${name})`,
      ),
    );
  }
  if (namespace !== undefined && meta.namespace && meta.namespace !== namespace) {
    throw new ApiError(
      badRequest(
        `the namespace of the object (${meta.namespace}) does not match the namespace on the request (${namespace})`,
      ),
    );
  }
  if (namespace !== undefined) meta.namespace = namespace;
  return scale as Scale;
}

/** autoscaling ValidateScale. */
function validateScale(scale: Scale): FieldError[] {
  const errors = validateObjectMeta(scale.metadata ?? {}, { namespaced: true });
  const replicas = scale.spec?.replicas ?? 0;
  if (replicas < 0) errors.push(field.invalid('spec.replicas', replicas, IS_NEGATIVE));
  return errors;
}

export async function getScale(
  registry: GenericRegistry,
  strategy: Strategy,
  namespace: string | undefined,
  name: string,
  context: RequestContext,
): Promise<Scale> {
  return scaleOf(strategy, await registry.get(strategy, namespace, name, context));
}

/**
 * PUT or PATCH of a Scale: `mutate` turns the current Scale into the requested one. Only
 * spec.replicas (and the resourceVersion to check) reach the parent.
 */
export async function updateScale(
  registry: GenericRegistry,
  strategy: Strategy,
  namespace: string | undefined,
  name: string,
  mutate: (current: KubeObject) => KubeObject,
  context: RequestContext,
  options: { dryRun?: boolean; manager?: string } = {},
): Promise<Scale> {
  const toParent = (current: KubeObject): KubeObject => {
    const written = writeThroughScale(
      strategy.type,
      current,
      scaleOf(strategy, current),
      (before) => checkRequestScale(mutate(before), name, namespace),
      options.manager,
      context.now,
    );
    const scale = written.scale as Scale;
    const errors = validateScale(scale);
    if (errors.length > 0)
      throw new ApiError(invalid({ group: 'autoscaling', kind: 'Scale' }, name, errors));
    const uid = current.metadata?.uid ?? '';
    if (scale.metadata?.uid && scale.metadata.uid !== uid) {
      throw new ApiError(
        conflict(
          { group: strategy.type.group, resource: `${strategy.type.resource}/scale` },
          name,
          `Precondition failed: UID in precondition: ${scale.metadata.uid}, UID in object meta: ${uid}`,
        ),
      );
    }
    const parent = copyJson(current) as KubeObject & { spec?: { replicas?: number } };
    (parent.spec ??= {}).replicas = scale.spec?.replicas ?? 0;
    (parent.metadata ??= {}).resourceVersion = scale.metadata?.resourceVersion ?? '';
    if (written.managedFields.length > 0) parent.metadata.managedFields = written.managedFields;
    else delete parent.metadata.managedFields;
    return parent;
  };
  const result = await registry.update(strategy, namespace, name, toParent, context, {
    ...(options.dryRun !== undefined ? { dryRun: options.dryRun } : {}),
  });
  return scaleOf(strategy, result.object);
}
