// NamespaceLifecycle (k8s.io/apiserver/pkg/admission/plugin/namespace/lifecycle): no new content
// in a missing or terminating namespace, and the immortal namespaces cannot be deleted. Upstream
// it is a mutating plugin (Admit), first in the chain, so its 404 comes before any other plugin's
// verdict (a pod in a missing namespace is not refused for lacking a service account).

import { forbidden, notFound, type StatusCause } from '../../api/errors.ts';
import { builtinType } from '../../api/resources.ts';
import { ApiError, gr } from '../registry/generic.ts';
import { admissionName, type AdmissionPlugin, type ObjectLookup } from './admission.ts';

const IMMORTAL_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);

const NAMESPACES = builtinType('', 'namespaces');

export function namespaceLifecycle(lookup: ObjectLookup): AdmissionPlugin {
  return {
    name: 'NamespaceLifecycle',
    async admit({ operation, strategy, object, context }) {
      const name = admissionName(object);
      if (
        operation === 'DELETE' &&
        strategy.type.resource === 'namespaces' &&
        IMMORTAL_NAMESPACES.has(name)
      ) {
        throw new ApiError(forbidden(gr(strategy), name, 'this namespace may not be deleted'));
      }
      if (operation !== 'CREATE' || !strategy.type.namespaced) return object;
      const namespace = context.namespace ?? object.metadata?.namespace ?? '';
      const found = await lookup.get(NAMESPACES, undefined, namespace);
      if (!found) throw new ApiError(notFound({ group: '', resource: 'namespaces' }, namespace));
      const phase = (found as { status?: { phase?: string } }).status?.phase;
      if (phase !== 'Terminating') return object;
      const status = forbidden(
        gr(strategy),
        name,
        `unable to create new content in namespace ${namespace} because it is being terminated`,
      );
      const cause: StatusCause = {
        reason: 'NamespaceTerminating' as StatusCause['reason'],
        message: `namespace ${namespace} is being terminated`,
        field: 'metadata.namespace',
      };
      status.details = { ...status.details, causes: [...(status.details?.causes ?? []), cause] };
      throw new ApiError(status);
    },
  };
}
