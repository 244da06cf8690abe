// The Endpoints registry (pkg/registry/core/endpoint/strategy.go) with SetDefaults_Endpoints and
// ValidateEndpoints' subset rules from pkg/apis/core/validation/validation.go. Left out: the
// RepackSubsets canonicalization (subsets are stored as written) and the deprecation warning.

import type { EndpointAddress, EndpointPort, Endpoints } from 'kubernetes-types/core/v1';
import { field, fieldPath, type FieldError, type FieldPath } from '../../api/errors.ts';
import {
  isValidPortNum,
  validateDNS1123Label,
  validateIP,
  validateNonSpecialIP,
  validateQualifiedName,
} from '../../api/core-validation.ts';
import { builtinType } from '../../api/resources.ts';
import { isDNS1123Subdomain } from '../../api/validation.ts';
import type { KubeObject } from '../../client/protocol.ts';
import type { Strategy } from './strategy.ts';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

function validateAddress(address: EndpointAddress, path: FieldPath): FieldError[] {
  const errors = validateIP(address.ip, path.child('ip'));
  if (address.hostname)
    errors.push(...validateDNS1123Label(address.hostname, path.child('hostname')));
  if (address.nodeName !== undefined) {
    for (const message of isDNS1123Subdomain(address.nodeName))
      errors.push(field.invalid(path.child('nodeName'), address.nodeName, message));
  }
  errors.push(...validateNonSpecialIP(address.ip, path.child('ip')));
  return errors;
}

/** validateEndpointPort: names are required once there are several ports. */
function validatePort(port: EndpointPort, requireName: boolean, path: FieldPath): FieldError[] {
  const errors: FieldError[] = [];
  if (requireName && !port.name) errors.push(field.required(path.child('name')));
  else if (port.name) errors.push(...validateDNS1123Label(port.name, path.child('name')));
  for (const message of isValidPortNum(port.port))
    errors.push(field.invalid(path.child('port'), port.port, message));
  if (!port.protocol) errors.push(field.required(path.child('protocol')));
  else if (!PROTOCOLS.includes(port.protocol))
    errors.push(field.notSupported(path.child('protocol'), port.protocol, PROTOCOLS));
  if (port.appProtocol !== undefined)
    errors.push(...validateQualifiedName(port.appProtocol, path.child('appProtocol')));
  return errors;
}

function validateSubsets(object: KubeObject): FieldError[] {
  const errors: FieldError[] = [];
  ((object as Endpoints).subsets ?? []).forEach((subset, index) => {
    const path = fieldPath('subsets').index(index);
    const addresses = subset.addresses ?? [];
    const notReady = subset.notReadyAddresses ?? [];
    if (addresses.length === 0 && notReady.length === 0)
      errors.push(field.required(path, 'must specify `addresses` or `notReadyAddresses`'));
    addresses.forEach((address, at) => {
      errors.push(...validateAddress(address, path.child('addresses').index(at)));
    });
    notReady.forEach((address, at) => {
      errors.push(...validateAddress(address, path.child('notReadyAddresses').index(at)));
    });
    const ports = subset.ports ?? [];
    ports.forEach((port, at) => {
      errors.push(...validatePort(port, ports.length > 1, path.child('ports').index(at)));
    });
  });
  return errors;
}

export const endpointsStrategy: Strategy = {
  type: builtinType('', 'endpoints'),
  allowCreateOnUpdate: true,
  applyDefaults(object) {
    for (const subset of (object as Endpoints).subsets ?? [])
      for (const port of subset.ports ?? []) port.protocol ||= 'TCP';
  },
  validate: validateSubsets,
  validateUpdate: validateSubsets,
};
