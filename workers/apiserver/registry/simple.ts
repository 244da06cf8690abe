// Resources whose registries add little to the generic one: ServiceAccounts, ConfigMaps and
// Leases (pkg/registry/core/serviceaccount, configmap; pkg/registry/coordination/lease).

import type { ConfigMap } from 'kubernetes-types/core/v1';
import type { Lease } from 'kubernetes-types/coordination/v1';
import { field, type FieldError } from '../../api/errors.ts';
import { builtinType } from '../../api/resources.ts';
import type { KubeObject } from '../../client/protocol.ts';
import type { Strategy } from './strategy.ts';

const none = (): FieldError[] => [];

/** ConfigMap keys: IsConfigMapKey (`[-._a-zA-Z0-9]+`, at most 253 characters). */
function validateConfigMap(object: KubeObject): FieldError[] {
  const configMap = object as ConfigMap;
  const errors: FieldError[] = [];
  for (const [section, data] of [
    ['data', configMap.data],
    ['binaryData', configMap.binaryData],
  ] as const) {
    for (const key of Object.keys(data ?? {})) {
      if (key.length > 253)
        errors.push(
          field.invalid(`${section}[${key}]`, key, 'must be no more than 253 characters'),
        );
      if (!/^[-._a-zA-Z0-9]+$/.test(key)) {
        errors.push(
          field.invalid(
            `${section}[${key}]`,
            key,
            "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
          ),
        );
      }
    }
  }
  return errors;
}

function validateLease(object: KubeObject): FieldError[] {
  const spec = (object as Lease).spec ?? {};
  const errors: FieldError[] = [];
  if (spec.leaseDurationSeconds !== undefined && spec.leaseDurationSeconds <= 0) {
    errors.push(
      field.invalid(
        'spec.leaseDurationSeconds',
        spec.leaseDurationSeconds,
        'must be greater than 0',
      ),
    );
  }
  if (spec.leaseTransitions !== undefined && spec.leaseTransitions < 0) {
    errors.push(
      field.invalid(
        'spec.leaseTransitions',
        spec.leaseTransitions,
        'must be greater than or equal to 0',
      ),
    );
  }
  return errors;
}

export const serviceAccountStrategy: Strategy = {
  type: builtinType('', 'serviceaccounts'),
  validate: none,
  validateUpdate: none,
};

export const configMapStrategy: Strategy = {
  type: builtinType('', 'configmaps'),
  validate: validateConfigMap,
  validateUpdate: validateConfigMap,
};

export const leaseStrategy: Strategy = {
  type: builtinType('coordination.k8s.io', 'leases'),
  validate: validateLease,
  validateUpdate: validateLease,
  allowCreateOnUpdate: true,
};
