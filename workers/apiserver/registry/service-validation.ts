// Service validation, following pkg/apis/core/validation/validation.go (ValidateService,
// validateServicePort, ValidateServiceClusterIPsRelatedFields, ValidateServiceUpdate and its
// upgrade/downgrade checks, ValidateLoadBalancerStatus) in upstream's order, with its messages.
// Left out: trafficDistribution's feature gates (it is on, as in 1.32).

import type { Service, ServicePort, ServiceSpec } from 'kubernetes-types/core/v1';
import { field, fieldPath, type FieldError } from '../../api/errors.ts';
import {
  goSyntax,
  typedStringSlice,
  validateDNS1123Label,
  validateIP,
  validateNonSpecialIP,
  validatePortNumOrName,
  validateQualifiedName,
  isValidPortNum,
} from '../../api/core-validation.ts';
import { goQuote } from '../../api/errors.ts';
import { isIPv6String, parseIP } from '../../api/net.ts';
import { isDNS1123Subdomain, validateLabels } from '../../api/validation.ts';

const SESSION_AFFINITIES = ['ClientIP', 'None'];
const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const IP_FAMILIES = ['IPv4', 'IPv6'];
const IP_FAMILY_POLICIES = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];
const MAX_CLIENT_IP_AFFINITY_SECONDS = 86400;

/** Same values in the same order; absent counts as empty. */
export function sameList(
  a: readonly unknown[] | undefined,
  b: readonly unknown[] | undefined,
): boolean {
  const left = a ?? [];
  const right = b ?? [];
  return left.length === right.length && left.every((value, index) => value === right[index]);
}

export function specOf(service: Service): ServiceSpec {
  return service.spec ?? {};
}

export function isHeadless(service: Service): boolean {
  const ips = specOf(service).clusterIPs ?? [];
  return ips.length === 1 && ips[0] === 'None';
}

/** apiservice.ExternallyAccessible. */
export function externallyAccessible(spec: ServiceSpec): boolean {
  return (
    spec.type === 'LoadBalancer' ||
    spec.type === 'NodePort' ||
    (spec.type === 'ClusterIP' && (spec.externalIPs?.length ?? 0) > 0)
  );
}

/** apiservice.NeedsHealthCheck. */
export function needsHealthCheck(spec: ServiceSpec): boolean {
  return spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local';
}

/** %#v of a core.ServicePort: the bad value of a duplicate (protocol, port) pair. */
function servicePortKey(port: ServicePort): ReturnType<typeof goSyntax> {
  return goSyntax(
    `core.ServicePort{Name:"", Protocol:${goQuote(port.protocol ?? '')}, AppProtocol:(*string)(nil), Port:${String(port.port)}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`,
  );
}

function validateServicePort(
  port: ServicePort,
  requireName: boolean,
  names: Set<string>,
  path: ReturnType<typeof fieldPath>,
): FieldError[] {
  const errors: FieldError[] = [];
  const name = port.name ?? '';
  if (requireName && name === '') errors.push(field.required(path.child('name')));
  else if (name !== '') {
    errors.push(...validateDNS1123Label(name, path.child('name')));
    if (names.has(name)) errors.push(field.duplicate(path.child('name'), name));
    else names.add(name);
  }
  for (const message of isValidPortNum(port.port))
    errors.push(field.invalid(path.child('port'), port.port, message));
  if (!port.protocol) errors.push(field.required(path.child('protocol')));
  else if (!PROTOCOLS.includes(port.protocol))
    errors.push(field.notSupported(path.child('protocol'), port.protocol, PROTOCOLS));
  errors.push(...validatePortNumOrName(port.targetPort ?? 0, path.child('targetPort')));
  if (port.appProtocol !== undefined)
    errors.push(...validateQualifiedName(port.appProtocol, path.child('appProtocol')));
  return errors;
}

function validateClientIPAffinityConfig(spec: ServiceSpec): FieldError[] {
  const path = fieldPath('spec', 'sessionAffinityConfig');
  const detail = 'when session affinity type is ClientIP';
  const config = spec.sessionAffinityConfig;
  if (!config) return [field.required(path, detail)];
  if (!config.clientIP) return [field.required(path.child('clientIP'), detail)];
  const timeout = config.clientIP.timeoutSeconds;
  const timeoutPath = path.child('clientIP', 'timeoutSeconds');
  if (timeout === undefined) return [field.required(timeoutPath, detail)];
  if (timeout <= 0 || timeout > MAX_CLIENT_IP_AFFINITY_SECONDS) {
    return [
      field.invalid(
        timeoutPath,
        timeout,
        `must be greater than 0 and less than ${String(MAX_CLIENT_IP_AFFINITY_SECONDS)}`,
      ),
    ];
  }
  return [];
}

/** ValidateServiceClusterIPsRelatedFields, also run before allocation (loose pre-validation). */
export function validateClusterIPsRelatedFields(service: Service): FieldError[] {
  const spec = specOf(service);
  if (spec.type === 'ExternalName') return [];
  const errors: FieldError[] = [];
  const clusterIPsPath = fieldPath('spec', 'clusterIPs');
  const clusterIPs = spec.clusterIPs ?? [];
  if (spec.clusterIP) {
    if (clusterIPs.length === 0) errors.push(field.required(clusterIPsPath));
    else if (clusterIPs[0] !== spec.clusterIP)
      errors.push(field.invalid(clusterIPsPath, clusterIPs, 'first value must match `clusterIP`'));
  } else if (clusterIPs.length !== 0) {
    errors.push(
      field.invalid(clusterIPsPath, clusterIPs, 'must be empty when `clusterIP` is not specified'),
    );
  }
  const seen = new Set<string>();
  (spec.ipFamilies ?? []).forEach((family, index) => {
    const path = fieldPath('spec', 'ipFamilies').index(index);
    if (!IP_FAMILIES.includes(family)) errors.push(field.notSupported(path, family, IP_FAMILIES));
    if (seen.has(family)) errors.push(field.duplicate(path, family));
    seen.add(family);
  });
  const policy = spec.ipFamilyPolicy;
  if (policy !== undefined && !IP_FAMILY_POLICIES.includes(policy)) {
    errors.push(field.notSupported('spec.ipFamilyPolicy', policy, IP_FAMILY_POLICIES));
  }
  let invalidIPs = false;
  clusterIPs.forEach((ip, index) => {
    if (index === 0 && ip === 'None') {
      if (clusterIPs.length > 1) {
        invalidIPs = true;
        errors.push(
          field.invalid(clusterIPsPath, clusterIPs, "'None' must be the first and only value"),
        );
      }
      return;
    }
    const ipErrors = validateIP(ip, clusterIPsPath.index(index));
    invalidIPs ||= ipErrors.length > 0;
    errors.push(...ipErrors);
  });
  if (clusterIPs.length > 2)
    errors.push(field.invalid(clusterIPsPath, clusterIPs, 'may only hold up to 2 values'));
  if (invalidIPs) return errors;
  if (clusterIPs.length > 1) {
    const families = new Set(clusterIPs.map((ip) => isIPv6String(ip)));
    if (families.size !== clusterIPs.length) {
      errors.push(
        field.invalid(
          clusterIPsPath,
          clusterIPs,
          'may specify no more than one IP for each IP family',
        ),
      );
    }
  }
  const families = spec.ipFamilies ?? [];
  if (!isHeadless(service) && clusterIPs.length > 0 && families.length > 0) {
    clusterIPs.slice(0, families.length).forEach((ip, index) => {
      if (families[index] === 'IPv4' && isIPv6String(ip)) {
        errors.push(
          field.invalid(
            clusterIPsPath.index(index),
            ip,
            `expected an IPv4 value as indicated by \`ipFamilies[${String(index)}]\``,
          ),
        );
      }
      if (families[index] === 'IPv6' && !isIPv6String(ip)) {
        errors.push(
          field.invalid(
            clusterIPsPath.index(index),
            ip,
            `expected an IPv6 value as indicated by \`ipFamilies[${String(index)}]\``,
          ),
        );
      }
    });
  }
  return errors;
}

function validateTypeSpecific(service: Service): FieldError[] {
  const spec = specOf(service);
  const errors: FieldError[] = [];
  const specPath = fieldPath('spec');
  if ((spec.ports?.length ?? 0) === 0 && !isHeadless(service) && spec.type !== 'ExternalName')
    errors.push(field.required(specPath.child('ports')));
  const first = spec.clusterIPs?.[0];
  if ((spec.type === 'LoadBalancer' || spec.type === 'NodePort') && isHeadless(service)) {
    errors.push(
      field.invalid(
        specPath.child('clusterIPs').index(0),
        first,
        `may not be set to 'None' for ${spec.type} services`,
      ),
    );
  }
  if (spec.type === 'ExternalName') {
    if ((spec.clusterIPs?.length ?? 0) > 0)
      errors.push(
        field.forbidden(specPath.child('clusterIPs'), 'may not be set for ExternalName services'),
      );
    if ((spec.ipFamilies?.length ?? 0) > 0)
      errors.push(
        field.forbidden(specPath.child('ipFamilies'), 'may not be set for ExternalName services'),
      );
    if (spec.ipFamilyPolicy !== undefined)
      errors.push(
        field.forbidden(
          specPath.child('ipFamilyPolicy'),
          'may not be set for ExternalName services',
        ),
      );
    // The value (a CNAME) may have a trailing dot to denote it as fully qualified.
    const cname = (spec.externalName ?? '').replace(/\.$/, '');
    if (cname === '') errors.push(field.required(specPath.child('externalName')));
    else {
      for (const message of isDNS1123Subdomain(cname))
        errors.push(field.invalid(specPath.child('externalName'), cname, message));
    }
  }
  return errors;
}

function validatePortsAndAffinity(service: Service): FieldError[] {
  const spec = specOf(service);
  const errors: FieldError[] = [];
  const specPath = fieldPath('spec');
  const ports = spec.ports ?? [];
  const names = new Set<string>();
  ports.forEach((port, index) => {
    errors.push(
      ...validateServicePort(port, ports.length > 1, names, specPath.child('ports').index(index)),
    );
  });
  if (spec.selector) errors.push(...validateLabels(spec.selector, specPath.child('selector')));
  const affinity = spec.sessionAffinity;
  if (!affinity) errors.push(field.required(specPath.child('sessionAffinity')));
  else if (!SESSION_AFFINITIES.includes(affinity))
    errors.push(
      field.notSupported(specPath.child('sessionAffinity'), affinity, SESSION_AFFINITIES),
    );
  if (affinity === 'ClientIP') errors.push(...validateClientIPAffinityConfig(spec));
  else if (affinity === 'None' && spec.sessionAffinityConfig) {
    errors.push(
      field.forbidden(
        specPath.child('sessionAffinityConfig'),
        'must not be set when session affinity is None',
      ),
    );
  }
  return errors;
}

function validateAddressesAndType(service: Service): FieldError[] {
  const spec = specOf(service);
  const errors: FieldError[] = [...validateClusterIPsRelatedFields(service)];
  const specPath = fieldPath('spec');
  (spec.externalIPs ?? []).forEach((ip, index) => {
    const path = specPath.child('externalIPs').index(index);
    const ipErrors = validateIP(ip, path);
    errors.push(...(ipErrors.length > 0 ? ipErrors : validateNonSpecialIP(ip, path)));
  });
  if (!spec.type) errors.push(field.required(specPath.child('type')));
  else if (!SERVICE_TYPES.includes(spec.type))
    errors.push(field.notSupported(specPath.child('type'), spec.type, SERVICE_TYPES));
  const ports = spec.ports ?? [];
  if (spec.type === 'ClusterIP') {
    ports.forEach((port, index) => {
      if (port.nodePort) {
        errors.push(
          field.forbidden(
            specPath.child('ports').index(index).child('nodePort'),
            "may not be used when `type` is 'ClusterIP'",
          ),
        );
      }
    });
  }
  const nodePorts = new Set<string>();
  ports.forEach((port, index) => {
    if (!port.nodePort) return;
    const key = `${port.protocol ?? ''}/${String(port.nodePort)}`;
    if (nodePorts.has(key))
      errors.push(
        field.duplicate(specPath.child('ports').index(index).child('nodePort'), port.nodePort),
      );
    nodePorts.add(key);
  });
  const portKeys = new Set<string>();
  ports.forEach((port, index) => {
    const key = `${port.protocol ?? ''}/${String(port.port)}`;
    if (portKeys.has(key))
      errors.push(field.duplicate(specPath.child('ports').index(index), servicePortKey(port)));
    portKeys.add(key);
  });
  return errors;
}

function validateLoadBalancerFields(service: Service): FieldError[] {
  const spec = specOf(service);
  const errors: FieldError[] = [];
  const specPath = fieldPath('spec');
  const lbOnly = "may only be used when `type` is 'LoadBalancer'";
  const ranges = spec.loadBalancerSourceRanges ?? [];
  const annotation =
    service.metadata?.annotations?.['service.beta.kubernetes.io/load-balancer-source-ranges'];
  const cidrError = (path: string, value: string): FieldError | null => {
    const [address = '', bits] = value.split('/');
    const prefix = Number(bits);
    const ip = parseIP(address);
    const max = ip && isIPv6String(address) ? 128 : 32;
    return ip && bits !== undefined && /^\d+$/.test(bits) && prefix <= max
      ? null
      : field.invalid(
          path,
          value,
          'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
        );
  };
  if (ranges.length > 0) {
    const path = specPath.child('LoadBalancerSourceRanges');
    if (spec.type !== 'LoadBalancer') errors.push(field.forbidden(path, lbOnly));
    ranges.forEach((value, index) => {
      const error = cidrError(String(path.index(index)), value.trim());
      if (error) errors.push(error);
    });
  } else if (annotation !== undefined) {
    const path = 'metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]';
    if (spec.type !== 'LoadBalancer') errors.push(field.forbidden(path, lbOnly));
    const value = annotation.trim();
    if (value !== '') {
      for (const cidr of value.split(',')) {
        const error = cidrError(path, cidr.trim());
        if (error) errors.push(error);
      }
    }
  }
  if (spec.allocateLoadBalancerNodePorts !== undefined && spec.type !== 'LoadBalancer')
    errors.push(field.forbidden(specPath.child('allocateLoadBalancerNodePorts'), lbOnly));
  // Upstream names this path without `spec.`.
  if (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === undefined)
    errors.push(field.required('allocateLoadBalancerNodePorts'));
  if (spec.type === 'LoadBalancer') {
    if (spec.loadBalancerClass !== undefined)
      errors.push(
        ...validateQualifiedName(spec.loadBalancerClass, specPath.child('loadBalancerClass')),
      );
  } else if (spec.loadBalancerClass !== undefined) {
    errors.push(field.forbidden(specPath.child('loadBalancerClass'), lbOnly));
  }
  return errors;
}

function validateTrafficPolicies(spec: ServiceSpec): FieldError[] {
  const errors: FieldError[] = [];
  const specPath = fieldPath('spec');
  const external = spec.externalTrafficPolicy;
  if (!externallyAccessible(spec)) {
    if (external) {
      errors.push(
        field.invalid(
          specPath.child('externalTrafficPolicy'),
          external,
          'may only be set for externally-accessible services',
        ),
      );
    }
  } else if (!external) errors.push(field.required(specPath.child('externalTrafficPolicy')));
  else if (external !== 'Cluster' && external !== 'Local') {
    errors.push(
      field.notSupported(specPath.child('externalTrafficPolicy'), external, ['Cluster', 'Local']),
    );
  }
  const healthCheckPath = specPath.child('healthCheckNodePort');
  if (!needsHealthCheck(spec)) {
    if (spec.healthCheckNodePort) {
      errors.push(
        field.invalid(
          healthCheckPath,
          spec.healthCheckNodePort,
          "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
        ),
      );
    }
  } else if (!spec.healthCheckNodePort) errors.push(field.required(healthCheckPath));
  else {
    for (const message of isValidPortNum(spec.healthCheckNodePort))
      errors.push(field.invalid(healthCheckPath, spec.healthCheckNodePort, message));
  }
  const internal = spec.internalTrafficPolicy;
  if (internal === undefined) {
    if (spec.type === 'NodePort' || spec.type === 'LoadBalancer' || spec.type === 'ClusterIP')
      errors.push(field.required(specPath.child('internalTrafficPolicy')));
  } else if (internal !== 'Cluster' && internal !== 'Local') {
    errors.push(
      field.notSupported(specPath.child('internalTrafficPolicy'), internal, ['Cluster', 'Local']),
    );
  }
  const distribution = spec.trafficDistribution;
  if (distribution !== undefined && distribution !== 'PreferClose')
    errors.push(
      field.notSupported(specPath.child('trafficDistribution'), distribution, ['PreferClose']),
    );
  return errors;
}

const TOPOLOGY_MODE = 'service.kubernetes.io/topology-mode';
const TOPOLOGY_AWARE_HINTS = 'service.kubernetes.io/topology-aware-hints';

/** The topology annotation and its deprecated name must agree when both are there. */
function validateTopologyAnnotations(service: Service): FieldError[] {
  const annotations = service.metadata?.annotations ?? {};
  const mode = annotations[TOPOLOGY_MODE];
  const hints = annotations[TOPOLOGY_AWARE_HINTS];
  if (mode === undefined || hints === undefined || mode === hints) return [];
  return [
    field.invalid(
      fieldPath('metadata', 'annotations').key(TOPOLOGY_MODE),
      mode,
      `must match annotations[${TOPOLOGY_AWARE_HINTS}] when both are specified`,
    ),
  ];
}

/** ValidateService without its ObjectMeta part, which the generic registry checks. */
export function validateService(service: Service): FieldError[] {
  return [
    ...validateTopologyAnnotations(service),
    ...validateTypeSpecific(service),
    ...validatePortsAndAffinity(service),
    ...validateAddressesAndType(service),
    ...validateLoadBalancerFields(service),
    ...validateTrafficPolicies(specOf(service)),
  ];
}

function validateUpgradeDowngradeClusterIPs(old: Service, service: Service): FieldError[] {
  const spec = specOf(service);
  const previous = specOf(old);
  if (spec.type === 'ExternalName' || previous.type === 'ExternalName') return [];
  if (isHeadless(old) && isHeadless(service)) return [];
  const errors: FieldError[] = [];
  const ips = spec.clusterIPs ?? [];
  const oldIPs = previous.clusterIPs ?? [];
  const first = fieldPath('spec', 'clusterIPs').index(0);
  if (oldIPs.length === ips.length) {
    oldIPs.forEach((ip, index) => {
      if (ip !== ips[index]) {
        errors.push(
          field.invalid(
            fieldPath('spec', 'clusterIPs').index(index),
            ips,
            'may not change once set',
          ),
        );
      }
    });
  } else if (oldIPs.length > ips.length) {
    if (ips.length === 0)
      errors.push(field.invalid(first, ips, 'primary clusterIP can not be unset'));
    if (oldIPs.length > 0 && ips.length > 0 && ips[0] !== oldIPs[0])
      errors.push(field.invalid(first, ips, 'may not change once set'));
    if (ips.length === 1 && spec.ipFamilyPolicy !== 'SingleStack') {
      errors.push(
        field.invalid(
          'spec.ipFamilyPolicy',
          spec.ipFamilyPolicy ?? null,
          "must be set to 'SingleStack' when releasing the secondary clusterIP",
        ),
      );
    }
  } else if (oldIPs.length > 0 && ips[0] !== oldIPs[0]) {
    errors.push(field.invalid(first, ips, 'may not change once set'));
  }
  return errors;
}

function validateUpgradeDowngradeIPFamilies(old: Service, service: Service): FieldError[] {
  const spec = specOf(service);
  const previous = specOf(old);
  if (spec.type === 'ExternalName' || previous.type === 'ExternalName') return [];
  if (isHeadless(old) || isHeadless(service)) return [];
  const families = spec.ipFamilies ?? [];
  const oldFamilies = previous.ipFamilies ?? [];
  const first = fieldPath('spec', 'ipFamilies').index(0);
  const shown = typedStringSlice('core.IPFamily', families);
  const errors: FieldError[] = [];
  if (oldFamilies.length === families.length) {
    oldFamilies.forEach((family, index) => {
      if (family !== families[index])
        errors.push(field.invalid(first, shown, 'may not change once set'));
    });
  } else if (oldFamilies.length > families.length) {
    if ((spec.clusterIPs?.length ?? 0) === 0)
      errors.push(field.invalid(first, shown, 'primary ipFamily can not be unset'));
    if (families.length > 0 && families[0] !== oldFamilies[0])
      errors.push(field.invalid(first, spec.clusterIPs ?? [], 'may not change once set'));
    if (families.length === 1 && spec.ipFamilyPolicy !== 'SingleStack') {
      errors.push(
        field.invalid(
          'spec.ipFamilyPolicy',
          spec.ipFamilyPolicy ?? null,
          "must be set to 'SingleStack' when releasing the secondary ipFamily",
        ),
      );
    }
  } else if (oldFamilies.length > 0 && families.length > 0 && families[0] !== oldFamilies[0]) {
    errors.push(field.invalid(first, spec.clusterIPs ?? [], 'may not change once set'));
  }
  return errors;
}

/** ValidateServiceUpdate without ObjectMeta. */
export function validateServiceUpdate(service: Service, old: Service): FieldError[] {
  const errors = [
    ...validateUpgradeDowngradeClusterIPs(old, service),
    ...validateUpgradeDowngradeIPFamilies(old, service),
  ];
  const spec = specOf(service);
  const previous = specOf(old);
  if (previous.type === 'LoadBalancer' && spec.type === 'LoadBalancer') {
    if (previous.loadBalancerClass !== spec.loadBalancerClass) {
      errors.push(
        field.invalid(
          'spec.loadBalancerClass',
          spec.loadBalancerClass ?? null,
          'may not change once set',
        ),
      );
    }
  }
  if (
    needsHealthCheck(previous) &&
    needsHealthCheck(spec) &&
    previous.healthCheckNodePort !== spec.healthCheckNodePort
  ) {
    errors.push(field.forbidden('spec.healthCheckNodePort', 'field is immutable'));
  }
  return [...errors, ...validateService(service)];
}

/** ValidateLoadBalancerStatus (LoadBalancerIPMode on, AllowServiceLBStatusOnNonLB off). */
export function validateServiceStatus(service: Service): FieldError[] {
  const ingress = service.status?.loadBalancer?.ingress ?? [];
  const path = fieldPath('status', 'loadBalancer', 'ingress');
  if (specOf(service).type !== 'LoadBalancer' && ingress.length > 0)
    return [field.forbidden(path, "may only be used when `spec.type` is 'LoadBalancer'")];
  const errors: FieldError[] = [];
  ingress.forEach((entry, index) => {
    const at = path.index(index);
    if (entry.ip) errors.push(...validateIP(entry.ip, at.child('ip')));
    if (entry.ipMode === undefined) {
      if (entry.ip)
        errors.push(field.required(at.child('ipMode'), 'must be specified when `ip` is set'));
    } else if (!entry.ip) {
      errors.push(field.forbidden(at.child('ipMode'), 'may not be specified when `ip` is not set'));
    } else if (entry.ipMode !== 'Proxy' && entry.ipMode !== 'VIP') {
      errors.push(field.notSupported(at.child('ipMode'), entry.ipMode, ['Proxy', 'VIP']));
    }
    if (entry.hostname) {
      for (const message of isDNS1123Subdomain(entry.hostname))
        errors.push(field.invalid(at.child('hostname'), entry.hostname, message));
      if (parseIP(entry.hostname))
        errors.push(
          field.invalid(
            at.child('hostname'),
            entry.hostname,
            'must be a DNS name, not an IP address',
          ),
        );
    }
  });
  return errors;
}
