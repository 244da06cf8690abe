// The Node authorizer (plugin/pkg/auth/authorizer/node/node_authorizer.go at 1.32, with
// AuthorizeNodeWithSelectors on as its beta default): a kubelet (`system:node:<name>` in
// `system:nodes`) reads only its own Node, lists pods only with its spec.nodeName selector, reads
// secrets, configmaps, claims and volumes only when a pod bound to it references them, and gets
// NodeRules for everything else. Left out: ResourceClaims, ResourceSlices, VolumeAttachments.

import { goQuote } from '../../api/errors.ts';
import type { Attributes, Authorization, Authorizer } from './authorizer.ts';
import type { NodeGraph, VertexType } from './node-graph.ts';
import { rulesAllow, type PolicyRule } from './policy-rule.ts';

export const NODES_GROUP = 'system:nodes';
const NODE_USER_PREFIX = 'system:node:';
const NODE_LEASE_NAMESPACE = 'kube-node-lease';

/** nodeidentifier.NodeIdentity: the node name, '' for a node user without one, null for others. */
export function nodeIdentity(user: Attributes['user']): string | null {
  if (!user.username.startsWith(NODE_USER_PREFIX)) return null;
  if (!user.groups.includes(NODES_GROUP)) return null;
  return user.username.slice(NODE_USER_PREFIX.length);
}

const noOpinion = (reason = ''): Authorization => ({ decision: 'NoOpinion', reason });
const ALLOW: Authorization = { decision: 'Allow', reason: '' };

export class NodeAuthorizer implements Authorizer {
  constructor(
    private readonly graph: NodeGraph,
    private readonly nodeRules: readonly PolicyRule[],
  ) {}

  authorize(attributes: Attributes): Authorization {
    const node = nodeIdentity(attributes.user);
    if (node === null) return noOpinion();
    if (node === '') return noOpinion(`unknown node for user ${goQuote(attributes.user.username)}`);
    if (attributes.isResourceRequest) {
      const decided = this.byResource(node, attributes);
      if (decided) return decided;
    }
    return rulesAllow(attributes, this.nodeRules) ? ALLOW : noOpinion();
  }

  private byResource(node: string, attributes: Attributes): Authorization | null {
    const group = attributes.apiGroup;
    const resource = attributes.resource;
    if (group === '') {
      switch (resource) {
        case 'secrets':
          return this.readNamespacedObject(node, 'secret', attributes);
        case 'configmaps':
          return this.readNamespacedObject(node, 'configmap', attributes);
        case 'persistentvolumeclaims':
          return attributes.subresource === 'status'
            ? this.statusUpdate(node, 'persistentvolumeclaim', attributes)
            : this.get(node, 'persistentvolumeclaim', attributes);
        case 'persistentvolumes':
          return this.get(node, 'persistentvolume', attributes);
        case 'serviceaccounts':
          return this.createToken(node, attributes);
        case 'nodes':
          return this.node(node, attributes);
        case 'pods':
          return this.pod(node, attributes);
      }
    }
    if (group === 'coordination.k8s.io' && resource === 'leases')
      return this.lease(node, attributes);
    return null;
  }

  private relationship(node: string, type: VertexType, attributes: Attributes): Authorization {
    if (attributes.name === '') return noOpinion('No Object name found');
    return this.graph.hasPathFrom(node, type, attributes.namespace, attributes.name)
      ? ALLOW
      : noOpinion(`no relationship found between node '${node}' and this object`);
  }

  private statusUpdate(node: string, type: VertexType, attributes: Attributes): Authorization {
    if (attributes.verb !== 'update' && attributes.verb !== 'patch')
      return noOpinion('can only get/update/patch this type');
    if (attributes.subresource !== 'status') return noOpinion('can only update status subresource');
    return this.relationship(node, type, attributes);
  }

  private get(node: string, type: VertexType, attributes: Attributes): Authorization {
    if (attributes.verb !== 'get')
      return noOpinion('can only get individual resources of this type');
    if (attributes.subresource !== '') return noOpinion('cannot get subresource');
    return this.relationship(node, type, attributes);
  }

  private readNamespacedObject(
    node: string,
    type: VertexType,
    attributes: Attributes,
  ): Authorization {
    if (!['get', 'list', 'watch'].includes(attributes.verb))
      return noOpinion('can only read resources of this type');
    if (attributes.subresource !== '') return noOpinion('cannot read subresource');
    if (attributes.namespace === '')
      return noOpinion('can only read namespaced object of this type');
    return this.relationship(node, type, attributes);
  }

  private createToken(node: string, attributes: Attributes): Authorization {
    if (attributes.verb !== 'create' || attributes.name === '')
      return noOpinion('can only create tokens for individual service accounts');
    if (attributes.subresource !== 'token')
      return noOpinion('can only create token subresource of serviceaccount');
    return this.relationship(node, 'serviceaccount', attributes);
  }

  private lease(node: string, attributes: Attributes): Authorization {
    const verb = attributes.verb;
    if (!['get', 'create', 'update', 'patch', 'delete'].includes(verb))
      return noOpinion('can only get, create, update, patch, or delete a node lease');
    if (attributes.namespace !== NODE_LEASE_NAMESPACE)
      return noOpinion(`can only access leases in the "${NODE_LEASE_NAMESPACE}" system namespace`);
    if (verb !== 'create' && attributes.name !== node)
      return noOpinion('can only access node lease with the same name as the requesting node');
    return ALLOW;
  }

  private node(node: string, attributes: Attributes): Authorization {
    const verb = attributes.verb;
    if (attributes.subresource === '') {
      if (verb === 'create' || verb === 'update' || verb === 'patch') return ALLOW;
      if (verb === 'get' || verb === 'list' || verb === 'watch') {
        if (attributes.name === node) return ALLOW;
        if (attributes.name === '')
          return noOpinion(`node '${node}' cannot read all nodes, only its own Node object`);
        return noOpinion(
          `node '${node}' cannot read '${attributes.name}', only its own Node object`,
        );
      }
    }
    if (attributes.subresource === 'status' && (verb === 'update' || verb === 'patch'))
      return ALLOW;
    return noOpinion();
  }

  private pod(node: string, attributes: Attributes): Authorization {
    const verb = attributes.verb;
    switch (attributes.subresource) {
      case '':
        if (verb === 'get') return this.get(node, 'pod', attributes);
        if (verb === 'list' || verb === 'watch') {
          const scoped = (attributes.fieldSelector ?? []).some(
            (term) =>
              term.field === 'spec.nodeName' && term.operator === '=' && term.value === node,
          );
          if (scoped) return ALLOW;
          if (attributes.name !== '') return this.relationship(node, 'pod', attributes);
          return noOpinion('can only list/watch pods with spec.nodeName field selector');
        }
        if (verb === 'create' || verb === 'delete') return ALLOW;
        break;
      case 'status':
        if (verb === 'update' || verb === 'patch') return ALLOW;
        break;
      case 'eviction':
        if (verb === 'create') return ALLOW;
        break;
    }
    return noOpinion();
  }
}
