// pods/binding (pkg/registry/core/pod/storage/storage.go BindingREST): the scheduler's only write
// to a pod. One guarded update sets spec.nodeName and PodScheduled=True together; a pod that is
// already bound, being deleted or still gated is refused with a Conflict on pods/binding.

import type { Pod } from 'kubernetes-types/core/v1';
import { badRequest, conflict, field, invalid, notFound } from '../../api/errors.ts';
import { copyJson } from '../../api/json-merge-patch.ts';
import type { KubeObject } from '../../client/protocol.ts';
import { StorageError, type ObjectStore } from '../storage/store.ts';
import { ApiError, storageKey } from './generic.ts';
import { setPodCondition } from './pods.ts';
import type { RequestContext, Strategy } from './strategy.ts';

interface Binding {
  metadata?: {
    name?: string;
    uid?: string;
    resourceVersion?: string;
    annotations?: Record<string, string>;
  };
  target?: { kind?: string; name?: string };
}

class BindingRefused extends Error {}

export async function bindPod(
  store: ObjectStore,
  pods: Strategy,
  namespace: string,
  name: string,
  body: KubeObject,
  context: RequestContext,
  dryRun: boolean,
): Promise<void> {
  const binding = body as Binding;
  if (binding.metadata?.name !== name)
    throw new ApiError(badRequest('name in URL does not match name in Binding object'));
  const target = binding.target?.name ?? '';
  if (!target) {
    throw new ApiError(
      invalid({ group: '', kind: 'Binding' }, name, [field.required('target.name')]),
    );
  }
  if (binding.target?.kind && binding.target.kind !== 'Node') {
    throw new ApiError(
      invalid({ group: '', kind: 'Binding' }, name, [
        field.notSupported('target.kind', binding.target.kind, ['Node', '<empty>']),
      ]),
    );
  }
  const bindingResource = { group: '', resource: 'pods/binding' };
  try {
    const update = (stored: KubeObject): KubeObject => {
      const object = copyJson(stored);
      const pod = object as Pod & { spec: { nodeName?: string } };
      if (pod.metadata?.deletionTimestamp) {
        throw new BindingRefused(`pod ${name} is being deleted, cannot be assigned to a host`);
      }
      if (pod.spec.nodeName)
        throw new BindingRefused(`pod ${name} is already assigned to node "${pod.spec.nodeName}"`);
      if ((pod.spec.schedulingGates?.length ?? 0) > 0)
        throw new BindingRefused(`pod ${name} has non-empty .spec.schedulingGates`);
      pod.spec.nodeName = target;
      const annotations = binding.metadata?.annotations;
      if (annotations) {
        const meta = (object.metadata ??= {});
        meta.annotations = { ...meta.annotations, ...annotations };
      }
      setPodCondition(pod, { type: 'PodScheduled', status: 'True' }, context.now);
      return object;
    };
    const key = storageKey(pods, namespace, name);
    if (dryRun) {
      const current = await store.get(key, { requestId: context.requestId });
      if (!current) throw new StorageError('KeyNotFound', key, 'not found');
      update(current);
      return;
    }
    const preconditions = {
      ...(binding.metadata?.uid ? { uid: binding.metadata.uid } : {}),
      ...(binding.metadata?.resourceVersion
        ? { resourceVersion: binding.metadata.resourceVersion }
        : {}),
    };
    await store.guaranteedUpdate(key, update, {
      preconditions,
      trace: { requestId: context.requestId },
    });
  } catch (error) {
    // assignPod: storage errors are interpreted for pods, the binding's own refusals for pods/binding.
    if (error instanceof StorageError && error.code === 'KeyNotFound')
      throw new ApiError(notFound({ group: '', resource: 'pods' }, name));
    if (error instanceof StorageError && error.code === 'InvalidObj') {
      throw new ApiError(conflict({ group: '', resource: 'pods' }, name, error.message));
    }
    if (error instanceof BindingRefused)
      throw new ApiError(conflict(bindingResource, name, error.message));
    throw error;
  }
}
