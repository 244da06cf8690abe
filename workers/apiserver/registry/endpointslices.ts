// The EndpointSlice registry (discovery.k8s.io/v1): pkg/registry/discovery/endpointslice/strategy.go
// (generation counts every change outside metadata, labels included), pkg/apis/discovery/v1/defaults.go
// and pkg/apis/discovery/validation/validation.go. Left out: dropping deprecatedTopology for v1
// clients and the forNodes hints of later releases.

import type { Endpoint, EndpointPort, EndpointSlice } from 'kubernetes-types/discovery/v1';
import { field, fieldPath, type FieldError } from '../../api/errors.ts';
import {
  validateDNS1123Label,
  validateNonSpecialIP,
  validateQualifiedName,
} from '../../api/core-validation.ts';
import { jsonEqual } from '../../api/json-merge-patch.ts';
import { isIPv4, parseIP } from '../../api/net.ts';
import { builtinType } from '../../api/resources.ts';
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isValidLabelValue,
  validateLabels,
} from '../../api/validation.ts';
import type { KubeObject } from '../../client/protocol.ts';
import type { Strategy } from './strategy.ts';

const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const MAX_ENDPOINTS = 1000;
const MAX_ADDRESSES = 100;
const MAX_PORTS = 20000;
const MAX_TOPOLOGY_LABELS = 16;
const MAX_ZONE_HINTS = 8;

function asSlice(object: KubeObject): EndpointSlice {
  return object as EndpointSlice;
}

/** validation.IsFullyQualifiedDomainName. */
function validateFQDN(value: string, path: string): FieldError[] {
  if (value === '') return [field.required(path)];
  const name = value.endsWith('.') ? value.slice(0, -1) : value;
  const subdomain = isDNS1123Subdomain(name);
  if (subdomain.length > 0) return [field.invalid(path, name, subdomain.join(','))];
  const labels = name.split('.');
  if (labels.length < 2)
    return [
      field.invalid(path, name, 'should be a domain with at least two segments separated by dots'),
    ];
  for (const label of labels) {
    const errors = isDNS1123Label(label);
    if (errors.length > 0) return [field.invalid(path, label, errors.join(','))];
  }
  return [];
}

function validateAddress(addressType: string, address: string, path: string): FieldError[] {
  const ip = parseIP(address);
  switch (addressType) {
    case 'IPv4':
      return [
        ...(ip && isIPv4(ip) ? [] : [field.invalid(path, address, 'must be a valid IPv4 address')]),
        ...validateNonSpecialIP(address, path),
      ];
    case 'IPv6':
      return [
        ...(ip && !isIPv4(ip)
          ? []
          : [field.invalid(path, address, 'must be a valid IPv6 address')]),
        ...validateNonSpecialIP(address, path),
      ];
    case 'FQDN':
      return validateFQDN(address, path);
    default:
      return [];
  }
}

function validateEndpoint(endpoint: Endpoint, addressType: string, index: number): FieldError[] {
  const path = fieldPath('endpoints').index(index);
  const addressPath = path.child('addresses');
  const errors: FieldError[] = [];
  const addresses = endpoint.addresses;
  if (addresses.length === 0)
    errors.push(field.required(addressPath, 'must contain at least 1 address'));
  else if (addresses.length > MAX_ADDRESSES)
    errors.push(field.tooMany(addressPath, addresses.length, MAX_ADDRESSES));
  addresses.forEach((address, at) => {
    errors.push(...validateAddress(addressType, address, String(addressPath.index(at))));
  });
  if (endpoint.nodeName !== undefined) {
    for (const message of isDNS1123Subdomain(endpoint.nodeName))
      errors.push(field.invalid(path.child('nodeName'), endpoint.nodeName, message));
  }
  const topology = endpoint.deprecatedTopology ?? {};
  const topologyPath = path.child('deprecatedTopology');
  if (Object.keys(topology).length > MAX_TOPOLOGY_LABELS)
    errors.push(field.tooMany(topologyPath, Object.keys(topology).length, MAX_TOPOLOGY_LABELS));
  errors.push(...validateLabels(topology, topologyPath));
  if (endpoint.hostname !== undefined)
    errors.push(...validateDNS1123Label(endpoint.hostname, path.child('hostname')));
  const zones = endpoint.hints?.forZones;
  if (zones) {
    const zonesPath = path.child('hints', 'forZones');
    if (zones.length > MAX_ZONE_HINTS) {
      errors.push(field.tooMany(zonesPath, zones.length, MAX_ZONE_HINTS));
      return errors;
    }
    const names = new Set<string>();
    zones.forEach((zone, at) => {
      const zonePath = zonesPath.index(at).child('name');
      if (names.has(zone.name)) errors.push(field.duplicate(zonePath, zone.name));
      else names.add(zone.name);
      for (const message of isValidLabelValue(zone.name))
        errors.push(field.invalid(zonePath, zone.name, message));
    });
  }
  return errors;
}

function validatePorts(ports: readonly EndpointPort[]): FieldError[] {
  if (ports.length > MAX_PORTS) return [field.tooMany('ports', ports.length, MAX_PORTS)];
  const errors: FieldError[] = [];
  const names = new Set<string>();
  ports.forEach((port, index) => {
    const path = fieldPath('ports').index(index);
    const name = port.name ?? '';
    if (name !== '') errors.push(...validateDNS1123Label(name, path.child('name')));
    if (names.has(name)) errors.push(field.duplicate(path.child('name'), name));
    else names.add(name);
    if (port.protocol === undefined) errors.push(field.required(path.child('protocol')));
    else if (!PROTOCOLS.includes(port.protocol))
      errors.push(field.notSupported(path.child('protocol'), port.protocol, PROTOCOLS));
    if (port.appProtocol !== undefined)
      errors.push(...validateQualifiedName(port.appProtocol, path.child('appProtocol')));
  });
  return errors;
}

function validateSlice(object: KubeObject): FieldError[] {
  const slice = asSlice(object);
  const errors: FieldError[] = [];
  const addressType = slice.addressType;
  if (!addressType) errors.push(field.required('addressType'));
  else if (!ADDRESS_TYPES.includes(addressType))
    errors.push(field.notSupported('addressType', addressType, ADDRESS_TYPES));
  const endpoints = (slice.endpoints as Endpoint[] | null | undefined) ?? [];
  if (endpoints.length > MAX_ENDPOINTS) {
    errors.push(field.tooMany('endpoints', endpoints.length, MAX_ENDPOINTS));
  } else {
    endpoints.forEach((endpoint, index) => {
      errors.push(...validateEndpoint(endpoint, addressType, index));
    });
  }
  errors.push(...validatePorts(slice.ports ?? []));
  return errors;
}

/** Everything but metadata, plus the labels: what bumps an EndpointSlice's generation. */
function generationalContent(object: KubeObject): unknown {
  const { metadata, ...rest } = object;
  return { ...rest, labels: metadata?.labels ?? null };
}

export const endpointSliceStrategy: Strategy = {
  type: builtinType('discovery.k8s.io', 'endpointslices'),
  applyDefaults(object) {
    const slice = asSlice(object);
    // `endpoints` has no omitempty: a slice without them is written as null.
    (slice as { endpoints?: Endpoint[] | null }).endpoints ??= null;
    for (const port of slice.ports ?? []) {
      port.name ??= '';
      port.protocol ??= 'TCP';
    }
  },
  prepareForCreate(object) {
    (object.metadata ??= {}).generation = 1;
  },
  prepareForUpdate(object, old) {
    const meta = (object.metadata ??= {});
    const previous = old.metadata?.generation ?? 0;
    meta.generation = jsonEqual(generationalContent(object), generationalContent(old))
      ? previous
      : previous + 1;
  },
  validate: validateSlice,
  validateUpdate(object, old) {
    const errors = validateSlice(object);
    if (asSlice(object).addressType !== asSlice(old).addressType)
      errors.push(field.invalid('addressType', asSlice(object).addressType, 'field is immutable'));
    return errors;
  },
};
