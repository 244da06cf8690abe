// The namespace registry (pkg/registry/core/namespace): new namespaces are Active with the
// `kubernetes` finalizer and a `kubernetes.io/metadata.name` label; deleting one only marks it
// Terminating until the namespace controller has emptied it and cleared spec.finalizers.

import type { Namespace } from 'kubernetes-types/core/v1';
import { field } from '../../api/errors.ts';
import { builtinType } from '../../api/resources.ts';
import { nameIsDNSLabel } from '../../api/validation.ts';
import type { KubeObject } from '../../client/protocol.ts';
import type { Strategy } from './strategy.ts';

const NAMESPACE_TYPE = builtinType('', 'namespaces');
const NAME_LABEL = 'kubernetes.io/metadata.name';
const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

interface MutableNamespace {
  spec?: { finalizers?: string[] };
  status?: { phase?: string };
}

/** SetDefaults_Namespace: the name label always tells the truth. */
function labelWithName(object: KubeObject): void {
  const meta = (object.metadata ??= {});
  if (meta.name) meta.labels = { ...meta.labels, [NAME_LABEL]: meta.name };
}

export const namespaceStrategy: Strategy = {
  type: NAMESPACE_TYPE,
  nameValidator: nameIsDNSLabel,
  applyDefaults: labelWithName,
  prepareForCreate(object) {
    // Canonicalize: a generated name was unknown when defaulting added the label.
    labelWithName(object);
    const namespace = object as MutableNamespace;
    namespace.status = { phase: 'Active' };
    const finalizers = (namespace.spec ??= {}).finalizers ?? [];
    namespace.spec.finalizers = finalizers.includes('kubernetes')
      ? finalizers
      : [...finalizers, 'kubernetes'];
  },
  prepareForUpdate(object, old) {
    const namespace = object as MutableNamespace;
    const previous = old as MutableNamespace;
    namespace.status = previous.status;
    namespace.spec = previous.spec;
    labelWithName(object);
  },
  validate(object) {
    return ((object as Namespace).spec?.finalizers ?? [])
      .filter((finalizer) => finalizer === '')
      .map(() => field.required('spec.finalizers'));
  },
  validateUpdate() {
    return [];
  },
  pendingFinalization(object) {
    return ((object as Namespace).spec?.finalizers?.length ?? 0) > 0;
  },
  terminate(object) {
    // The namespace REST delete marks it now, with no grace period, and waits for the controller.
    delete object.metadata?.deletionGracePeriodSeconds;
    (object as MutableNamespace).status = { phase: 'Terminating' };
  },
  selectableFields(object) {
    return {
      'metadata.name': object.metadata?.name ?? '',
      'status.phase': (object as Namespace).status?.phase ?? '',
    };
  },
  status: {
    prepareForUpdate(object, old) {
      (object as MutableNamespace).spec = (old as MutableNamespace).spec;
    },
    validateUpdate() {
      return [];
    },
  },
  // The namespace controller's last step: it empties spec.finalizers here, and the namespace goes.
  finalize: {
    prepareForUpdate(object, old) {
      (object as MutableNamespace).status = (old as MutableNamespace).status;
    },
    validateUpdate(object) {
      // ValidateNamespaceFinalizeUpdate's validateKubeFinalizerName.
      return ((object as Namespace).spec?.finalizers ?? []).flatMap((finalizer, index) =>
        finalizer.includes('/') || STANDARD_FINALIZERS.has(finalizer)
          ? []
          : [
              field.invalid(
                `spec.finalizers[${index}]`,
                finalizer,
                'name is neither a standard finalizer name nor is it fully qualified',
              ),
            ],
      );
    },
  },
};
