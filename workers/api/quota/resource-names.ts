// Which resource names and scopes quota knows (kubernetes/kubernetes pkg/apis/core/helper/helpers.go,
// 1.32): the standard quota resources, the integer-valued ones, extended resources, and which
// scopes may govern which resources.

import { isQualifiedName } from '../validation.ts';

export const RESOURCE_QUOTA_SCOPES = [
  'Terminating',
  'NotTerminating',
  'BestEffort',
  'NotBestEffort',
  'PriorityClass',
  'CrossNamespacePodAffinity',
] as const;

export type ResourceQuotaScope = (typeof RESOURCE_QUOTA_SCOPES)[number];

/** IsStandardResourceQuotaScope. */
export function isStandardResourceQuotaScope(scope: string): boolean {
  return (RESOURCE_QUOTA_SCOPES as readonly string[]).includes(scope);
}

const POD_OBJECT_COUNT_RESOURCES = ['pods'];
const POD_COMPUTE_RESOURCES = [
  'cpu',
  'memory',
  'limits.cpu',
  'limits.memory',
  'requests.cpu',
  'requests.memory',
];

/** IsResourceQuotaScopeValidForResource. */
export function isResourceQuotaScopeValidForResource(scope: string, resource: string): boolean {
  switch (scope) {
    case 'Terminating':
    case 'NotTerminating':
    case 'NotBestEffort':
    case 'PriorityClass':
    case 'CrossNamespacePodAffinity':
      return (
        POD_OBJECT_COUNT_RESOURCES.includes(resource) || POD_COMPUTE_RESOURCES.includes(resource)
      );
    case 'BestEffort':
      return POD_OBJECT_COUNT_RESOURCES.includes(resource);
    default:
      return true;
  }
}

const COUNTED_RESOURCES = [
  'pods',
  'resourcequotas',
  'services',
  'replicationcontrollers',
  'secrets',
  'persistentvolumeclaims',
  'configmaps',
  'services.nodeports',
  'services.loadbalancers',
];

const STANDARD_QUOTA_RESOURCES = new Set([
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.storage',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  ...COUNTED_RESOURCES,
]);

const STANDARD_RESOURCES = new Set([...STANDARD_QUOTA_RESOURCES, 'storage']);

const INTEGER_RESOURCES = new Set(COUNTED_RESOURCES);

/** IsQuotaHugePageResourceName. */
function isQuotaHugePageResourceName(name: string): boolean {
  return name.startsWith('hugepages-') || name.startsWith('requests.hugepages-');
}

/** IsStandardQuotaResourceName. */
export function isStandardQuotaResourceName(name: string): boolean {
  return STANDARD_QUOTA_RESOURCES.has(name) || isQuotaHugePageResourceName(name);
}

/** IsStandardResourceName. */
export function isStandardResourceName(name: string): boolean {
  return STANDARD_RESOURCES.has(name) || isQuotaHugePageResourceName(name);
}

/** IsNativeResource: unprefixed, or in the kubernetes.io/ namespace. */
export function isNativeResource(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}

/** IsExtendedResourceName: a qualified name outside kubernetes.io that is not `requests.`-prefixed. */
export function isExtendedResourceName(name: string): boolean {
  if (isNativeResource(name) || name.startsWith('requests.')) return false;
  return isQualifiedName(`requests.${name}`).length === 0;
}

/** IsIntegerResourceName. */
export function isIntegerResourceName(name: string): boolean {
  return INTEGER_RESOURCES.has(name) || isExtendedResourceName(name);
}
