// The node registry (pkg/registry/core/node/strategy.go): a kubelet registers its Node with its
// status in one create; afterwards spec and status are written through separate endpoints.
// Left out: podCIDR dual-stack rules, config source, and node address validation.

import type { Node, NodeSpec, Taint } from 'kubernetes-types/core/v1';
import { field, goQuote, type FieldError } from '../../api/errors.ts';
import { builtinType } from '../../api/resources.ts';
import type { KubeObject } from '../../client/protocol.ts';
import type { Strategy } from './strategy.ts';

const NODE_TYPE = builtinType('', 'nodes');
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

function specOf(object: KubeObject): NodeSpec {
  return (object as Node).spec ?? {};
}

function validateTaints(taints: readonly Taint[]): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  taints.forEach((taint, index) => {
    // Upstream builds this path from the metadata path: `metadata.taints[0]`.
    const path = `metadata.taints[${index}]`;
    if (!taint.key) errors.push(field.required(`${path}.key`));
    if (!taint.effect) errors.push(field.required(`${path}.effect`));
    else if (!TAINT_EFFECTS.includes(taint.effect))
      errors.push(field.notSupported(`${path}.effect`, taint.effect, TAINT_EFFECTS));
    const identity = `${taint.key}:${taint.effect}`;
    if (seen.has(identity)) {
      const value = {
        goSyntax: `core.Taint{Key:${goQuote(taint.key)}, Value:${goQuote(taint.value ?? '')}, Effect:${goQuote(taint.effect)}, TimeAdded:<nil>}`,
      };
      errors.push({
        ...field.duplicate(path, value),
        detail: 'taints must be unique by key and effect pair',
      });
    }
    seen.add(identity);
  });
  return errors;
}

function validatePodCIDR(cidr: string | undefined): FieldError[] {
  if (!cidr) return [];
  return /^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(cidr)
    ? []
    : [
        field.invalid(
          'spec.podCIDRs[0]',
          cidr,
          'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
        ),
      ];
}

export const nodeStrategy: Strategy = {
  type: NODE_TYPE,
  validate(object) {
    const spec = specOf(object);
    return [...validatePodCIDR(spec.podCIDR), ...validateTaints(spec.taints ?? [])];
  },
  prepareForUpdate(object, old) {
    (object as { status?: unknown }).status = (old as { status?: unknown }).status;
  },
  validateUpdate(object, old) {
    const spec = specOf(object);
    const previous = specOf(old);
    const errors = [...validatePodCIDR(spec.podCIDR), ...validateTaints(spec.taints ?? [])];
    // A node's pod CIDR may be set once, never changed.
    if (previous.podCIDR && spec.podCIDR !== previous.podCIDR) {
      errors.push(
        field.forbidden(
          'spec.podCIDRs',
          'node updates may not change podCIDR except from "" to valid',
        ),
      );
    }
    if (previous.providerID && spec.providerID !== previous.providerID) {
      errors.push(
        field.forbidden(
          'spec.providerID',
          'node updates may not change providerID except from "" to valid',
        ),
      );
    }
    return errors;
  },
  selectableFields(object) {
    return {
      'metadata.name': object.metadata?.name ?? '',
      'spec.unschedulable': String(specOf(object).unschedulable ?? false),
    };
  },
  status: {
    prepareForUpdate(object, old) {
      (object as { spec?: unknown }).spec = (old as { spec?: unknown }).spec;
    },
    validateUpdate() {
      return [];
    },
  },
};
