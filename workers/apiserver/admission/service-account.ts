// ServiceAccount admission (plugin/pkg/admission/serviceaccount/admission.go): a pod runs as the
// `default` service account unless it names one, which must exist, and gets the projected
// kube-api-access volume (bound token, cluster CA, namespace) mounted in every container.

import type { Pod, Volume } from 'kubernetes-types/core/v1';
import { forbidden } from '../../api/errors.ts';
import { builtinType } from '../../api/resources.ts';
import { ApiError, gr, SAFE_ALPHABET } from '../registry/generic.ts';
import { admissionName, isResource, type AdmissionPlugin, type ObjectLookup } from './admission.ts';

export const DEFAULT_SERVICE_ACCOUNT = 'default';
const TOKEN_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
/** Bound tokens live an hour plus the 7 s that marks them as "warn only" (serviceaccount.WarnOnlyBoundTokenExpirationSeconds). */
const TOKEN_EXPIRATION_SECONDS = 3607;

const SERVICE_ACCOUNTS = builtinType('', 'serviceaccounts');

function tokenVolume(name: string): Volume {
  return {
    name,
    projected: {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: TOKEN_EXPIRATION_SECONDS, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        {
          downwardAPI: {
            items: [
              {
                path: 'namespace',
                fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' },
              },
            ],
          },
        },
      ],
    },
  };
}

export function serviceAccountAdmission(lookup: ObjectLookup): AdmissionPlugin {
  return {
    name: 'ServiceAccount',
    async admit(attributes) {
      const { operation, object, context } = attributes;
      if (operation !== 'CREATE' || !isResource(attributes, '', 'pods')) return object;
      const pod = object as Pod;
      const spec = (pod.spec ??= { containers: [] });
      // Mirror pods (created by a kubelet from a static manifest) are left alone.
      if (pod.metadata?.annotations?.['kubernetes.io/config.mirror'] !== undefined) return object;
      spec.serviceAccountName ||= DEFAULT_SERVICE_ACCOUNT;
      const namespace = pod.metadata?.namespace ?? context.namespace ?? '';
      const account = (await lookup.get(SERVICE_ACCOUNTS, namespace, spec.serviceAccountName)) as {
        automountServiceAccountToken?: boolean;
      } | null;
      if (!account) {
        throw new ApiError(
          forbidden(
            gr(attributes.strategy),
            admissionName(pod),
            `error looking up service account ${namespace}/${spec.serviceAccountName}: serviceaccount "${spec.serviceAccountName}" not found`,
          ),
        );
      }
      const automount =
        spec.automountServiceAccountToken ?? account.automountServiceAccountToken ?? true;
      if (!automount) return object;
      const volumeName = `kube-api-access-${context.rng.string(5, SAFE_ALPHABET)}`;
      // The volume is added only if some container got the mount (mountServiceAccountToken).
      let needsTokenVolume = false;
      for (const container of [...(spec.initContainers ?? []), ...spec.containers]) {
        const mounts = (container.volumeMounts ??= []);
        if (mounts.some((mount) => mount.mountPath === TOKEN_MOUNT_PATH)) continue;
        mounts.push({ name: volumeName, readOnly: true, mountPath: TOKEN_MOUNT_PATH });
        needsTokenVolume = true;
      }
      if (needsTokenVolume) spec.volumes = [...(spec.volumes ?? []), tokenVolume(volumeName)];
      return object;
    },
  };
}
