// NodeRestriction (plugin/pkg/admission/noderestriction/admission.go): a kubelet may create only
// mirror pods bound to itself and delete only pods bound to itself, may create and change only
// its own Node (not its taints, not labels outside the kubelet's set), and only its own Lease in
// kube-node-lease. Left out: status subresources (admission does not see them here), evictions,
// token requests and ResourceSlices.

import type { Node, Pod } from 'kubernetes-types/core/v1';
import { forbidden, goQuote } from '../../api/errors.ts';
import { jsonEqual } from '../../api/json-merge-patch.ts';
import { nodeIdentity } from '../auth/node-authorizer.ts';
import { ApiError, gr } from '../registry/generic.ts';
import { admissionName, type AdmissionAttributes, type AdmissionPlugin } from './admission.ts';

const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';
const NODE_LEASE_NAMESPACE = 'kube-node-lease';
const NODE_RESTRICTION_NAMESPACE = 'node-restriction.kubernetes.io';

// kubeletapis.IsKubeletLabel: the labels a kubelet may set on its own Node.
const KUBELET_LABELS = new Set([
  'kubernetes.io/hostname',
  'topology.kubernetes.io/zone',
  'topology.kubernetes.io/region',
  'failure-domain.beta.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/region',
  'node.kubernetes.io/instance-type',
  'beta.kubernetes.io/instance-type',
  'kubernetes.io/os',
  'kubernetes.io/arch',
  'beta.kubernetes.io/os',
  'beta.kubernetes.io/arch',
]);
const KUBELET_LABEL_NAMESPACES = ['kubelet.kubernetes.io', 'node.kubernetes.io'];

function labelNamespace(label: string): string {
  const slash = label.indexOf('/');
  return slash === -1 ? '' : label.slice(0, slash);
}

const inNamespace = (namespace: string, parent: string): boolean =>
  namespace === parent || namespace.endsWith(`.${parent}`);

function isKubeletLabel(label: string): boolean {
  if (KUBELET_LABELS.has(label)) return true;
  const namespace = labelNamespace(label);
  return KUBELET_LABEL_NAMESPACES.some((allowed) => inNamespace(namespace, allowed));
}

function isKubernetesLabel(label: string): boolean {
  const namespace = labelNamespace(label);
  return inNamespace(namespace, 'kubernetes.io') || inNamespace(namespace, 'k8s.io');
}

/** getModifiedLabels: labels added, removed or changed. */
function modifiedLabels(labels: Record<string, string>, old: Record<string, string>): string[] {
  const keys = new Set([...Object.keys(labels), ...Object.keys(old)]);
  return [...keys].filter((key) => labels[key] !== old[key]);
}

function forbiddenLabels(labels: string[]): string[] {
  return labels
    .filter(
      (label) =>
        inNamespace(labelNamespace(label), NODE_RESTRICTION_NAMESPACE) ||
        (isKubernetesLabel(label) && !isKubeletLabel(label)),
    )
    .sort();
}

function refuse(attributes: AdmissionAttributes, reason: string): never {
  throw new ApiError(forbidden(gr(attributes.strategy), admissionName(attributes.object), reason));
}

function admitPod(node: string, attributes: AdmissionAttributes): void {
  const pod = attributes.object as Pod;
  switch (attributes.operation) {
    case 'CREATE':
      if (pod.metadata?.annotations?.[MIRROR_POD_ANNOTATION] === undefined) {
        refuse(
          attributes,
          `pod does not have ${goQuote(MIRROR_POD_ANNOTATION)} annotation, node ${goQuote(node)} can only create mirror pods`,
        );
      }
      if (pod.spec?.nodeName !== node)
        refuse(
          attributes,
          `node ${goQuote(node)} can only create pods with spec.nodeName set to itself`,
        );
      return;
    case 'DELETE':
      if (pod.spec?.nodeName !== node)
        refuse(
          attributes,
          `node ${goQuote(node)} can only delete pods with spec.nodeName set to itself`,
        );
      return;
    default:
      refuse(
        attributes,
        `unexpected operation ${goQuote(attributes.operation)}, node ${goQuote(node)} can only create and delete mirror pods`,
      );
  }
}

function admitNode(node: string, attributes: AdmissionAttributes): void {
  const requested = admissionName(attributes.object);
  if (requested !== node)
    refuse(attributes, `node ${goQuote(node)} is not allowed to modify node ${goQuote(requested)}`);
  const object = attributes.object as Node;
  if (attributes.operation === 'CREATE') {
    if (object.spec?.configSource)
      refuse(
        attributes,
        `node ${goQuote(node)} is not allowed to create pods with a non-nil configSource`,
      );
    const refused = forbiddenLabels(modifiedLabels(object.metadata?.labels ?? {}, {}));
    if (refused.length > 0)
      refuse(
        attributes,
        `node ${goQuote(node)} is not allowed to set the following labels: ${refused.join(', ')}`,
      );
  }
  if (attributes.operation === 'UPDATE' && attributes.old) {
    const old = attributes.old as Node;
    if (object.spec?.configSource && !jsonEqual(object.spec.configSource, old.spec?.configSource))
      refuse(
        attributes,
        `node ${goQuote(node)} is not allowed to update configSource to a new non-nil configSource`,
      );
    if (!jsonEqual(object.spec?.taints ?? [], old.spec?.taints ?? []))
      refuse(attributes, `node ${goQuote(node)} is not allowed to modify taints`);
    const refused = forbiddenLabels(
      modifiedLabels(object.metadata?.labels ?? {}, old.metadata?.labels ?? {}),
    );
    if (refused.length > 0)
      refuse(attributes, `is not allowed to modify labels: ${refused.join(', ')}`);
  }
}

function admitLease(node: string, attributes: AdmissionAttributes): void {
  const namespace = attributes.context.namespace ?? attributes.object.metadata?.namespace ?? '';
  if (namespace !== NODE_LEASE_NAMESPACE)
    refuse(
      attributes,
      `can only access leases in the ${goQuote(NODE_LEASE_NAMESPACE)} system namespace`,
    );
  if (admissionName(attributes.object) !== node)
    refuse(attributes, 'can only access node lease with the same name as the requesting node');
}

export function nodeRestriction(): AdmissionPlugin {
  return {
    name: 'NodeRestriction',
    admit(attributes) {
      const node = nodeIdentity(attributes.context.user);
      if (node === null) return attributes.object;
      if (node === '')
        refuse(
          attributes,
          `could not determine node from user ${goQuote(attributes.context.user.username)}`,
        );
      const { group, resource } = attributes.strategy.type;
      if (group === '' && resource === 'pods') admitPod(node, attributes);
      else if (group === '' && resource === 'nodes') admitNode(node, attributes);
      else if (group === 'coordination.k8s.io' && resource === 'leases')
        admitLease(node, attributes);
      return attributes.object;
    },
  };
}
