// What a Service write allocates and releases: pkg/registry/core/service/storage/alloc.go
// (initIPFamilyFields, allocateCreate, allocateUpdate, releaseAllocatedResources) for a
// single-stack IPv4 cluster with kubeadm's ranges: ClusterIPs from 10.96.0.0/12, NodePorts from
// 30000-32767. Each allocation is a transaction the registry commits or reverts after the write.

import type { Service, ServicePort, ServiceSpec } from 'kubernetes-types/core/v1';
import {
  field,
  fieldPath,
  internalError,
  invalid,
  unknownError,
  type FieldError,
} from '../../api/errors.ts';
import { isIPv6String, parseIP, parseIPv4CIDR } from '../../api/net.ts';
import type { Rng } from '../../host/rng.ts';
import { ApiError } from './generic.ts';
import {
  AllocationError,
  IPRange,
  PortAllocationOperation,
  PortRange,
} from './service-allocators.ts';
import {
  needsHealthCheck,
  sameList,
  specOf,
  validateClusterIPsRelatedFields,
} from './service-validation.ts';

export const SERVICE_CIDR = '10.96.0.0/12';
export const NODE_PORT_BASE = 30000;
export const NODE_PORT_SIZE = 2768;

const SERVICE_KIND = { group: '', kind: 'Service' };

export interface Transaction {
  commit(): void;
  revert(): void;
}

function failInvalid(service: Service, errors: FieldError[]): never {
  throw new ApiError(invalid(SERVICE_KIND, service.metadata?.name ?? '', errors));
}

function isMatchingPreferDualStack(service: Service, old: Service | undefined): boolean {
  if (!old) return false;
  const spec = specOf(service);
  const previous = specOf(old);
  if (spec.ipFamilyPolicy === undefined || previous.type !== spec.type) return false;
  if (spec.type !== 'ClusterIP' && spec.type !== 'NodePort' && spec.type !== 'LoadBalancer')
    return false;
  if (spec.ipFamilyPolicy !== 'PreferDualStack') return false;
  if (previous.ipFamilyPolicy !== undefined && previous.ipFamilyPolicy !== 'PreferDualStack')
    return false;
  return (
    sameList(previous.clusterIPs, spec.clusterIPs) && sameList(previous.ipFamilies, spec.ipFamilies)
  );
}

function familyOf(ip: string): string {
  if (isIPv6String(ip)) return 'IPv6';
  return parseIP(ip) ? 'IPv4' : 'unknown';
}

/** collectServiceNodePorts. */
function nodePortsOf(spec: ServiceSpec): number[] {
  return (spec.ports ?? []).flatMap((port) => (port.nodePort ? [port.nodePort] : []));
}

function shouldAllocateNodePorts(spec: ServiceSpec): boolean {
  if (spec.type === 'NodePort') return true;
  return spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false;
}

/** findRequestedNodePort: a user-chosen nodePort for the same port number, or 0. */
function requestedNodePort(port: number, ports: readonly ServicePort[]): number {
  return ports.find((candidate) => candidate.port === port && candidate.nodePort)?.nodePort ?? 0;
}

export class ServiceAllocators {
  private readonly ips: IPRange;
  private readonly ports: PortRange;

  constructor(
    serviceCIDR = SERVICE_CIDR,
    nodePortBase = NODE_PORT_BASE,
    nodePortSize = NODE_PORT_SIZE,
  ) {
    this.ips = new IPRange(parseIPv4CIDR(serviceCIDR));
    this.ports = new PortRange(nodePortBase, nodePortSize);
  }

  /** The ClusterIP and NodePort repair controllers' pass over the stored Services. */
  repair(services: readonly Service[]): void {
    const ips: string[] = [];
    const ports: number[] = [];
    for (const service of services) {
      const spec = specOf(service);
      if (spec.type !== 'ExternalName')
        ips.push(...(spec.clusterIPs ?? []).filter((ip) => ip !== 'None'));
      ports.push(...nodePortsOf(spec));
      if (needsHealthCheck(spec) && spec.healthCheckNodePort) ports.push(spec.healthCheckNodePort);
    }
    this.ips.repair(ips);
    this.ports.repair(ports);
  }

  /** initIPFamilyFields: defaults ipFamilyPolicy and ipFamilies, or refuses what cannot be served. */
  initIPFamilyFields(service: Service, old?: Service): void {
    const spec = specOf(service);
    if (spec.type === 'ExternalName' || isMatchingPreferDualStack(service, old)) return;
    if (spec.ipFamilyPolicy === undefined) {
      const previous = old ? specOf(old).ipFamilyPolicy : undefined;
      if (previous !== undefined) spec.ipFamilyPolicy = previous;
      else if (spec.clusterIP === 'None' && Object.keys(spec.selector ?? {}).length === 0)
        spec.ipFamilyPolicy = 'RequireDualStack';
      else spec.ipFamilyPolicy = 'SingleStack';
    }
    const loose = validateClusterIPsRelatedFields(service);
    if (loose.length > 0) failInvalid(service, loose);
    const errors: FieldError[] = [];
    const policyPath = 'spec.ipFamilyPolicy';
    const clusterIPs = spec.clusterIPs ?? [];
    if (old) {
      const previous = specOf(old);
      if (spec.ipFamilyPolicy === 'SingleStack') {
        if (sameList(previous.clusterIPs, clusterIPs) && clusterIPs.length > 1)
          spec.clusterIPs = clusterIPs.slice(0, 1);
        if (sameList(previous.ipFamilies, spec.ipFamilies) && (spec.ipFamilies?.length ?? 0) > 1)
          spec.ipFamilies = spec.ipFamilies?.slice(0, 1);
      } else {
        if (clusterIPs.length > 0 && clusterIPs.length < (previous.clusterIPs?.length ?? 0)) {
          errors.push(
            field.invalid(
              policyPath,
              spec.ipFamilyPolicy,
              "must be 'SingleStack' to release the secondary cluster IP",
            ),
          );
        }
        const families = spec.ipFamilies ?? [];
        if (families.length > 0 && families.length < (previous.ipFamilies?.length ?? 0)) {
          errors.push(
            field.invalid(
              policyPath,
              spec.ipFamilyPolicy,
              "must be 'SingleStack' to release the secondary IP family",
            ),
          );
        }
      }
    }
    if (spec.ipFamilyPolicy === 'SingleStack') {
      if ((spec.clusterIPs ?? []).length === 2) {
        errors.push(
          field.invalid(
            policyPath,
            spec.ipFamilyPolicy,
            "must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified",
          ),
        );
      }
      if ((spec.ipFamilies ?? []).length === 2) {
        errors.push(
          field.invalid(
            policyPath,
            spec.ipFamilyPolicy,
            "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified",
          ),
        );
      }
    }
    const families = [...(spec.ipFamilies ?? [])];
    for (const [index, ip] of (spec.clusterIPs ?? []).entries()) {
      if (ip === 'None') break;
      if (index < families.length) continue;
      const family = familyOf(ip);
      if (family === 'IPv4') families.push(family);
      else {
        errors.push(
          field.invalid(
            fieldPath('spec', 'clusterIPs').index(index),
            spec.clusterIPs,
            `${family} is not configured on this cluster`,
          ),
        );
      }
    }
    if (errors.length > 0) failInvalid(service, errors);
    if (families.length > 0) spec.ipFamilies = families;
    if (spec.clusterIP === 'None' && Object.keys(spec.selector ?? {}).length === 0) {
      // Headless and selectorless: any family, dual-stack unless told otherwise.
      const headless = spec.ipFamilies?.length ? [...spec.ipFamilies] : ['IPv4'];
      if (headless.length < 2 && spec.ipFamilyPolicy !== 'SingleStack')
        headless.push(headless[0] === 'IPv4' ? 'IPv6' : 'IPv4');
      spec.ipFamilies = headless;
      return;
    }
    if (spec.ipFamilyPolicy === 'RequireDualStack') {
      errors.push(
        field.invalid(
          policyPath,
          spec.ipFamilyPolicy,
          'this cluster is not configured for dual-stack services',
        ),
      );
    }
    (spec.ipFamilies ?? []).forEach((family, index) => {
      if (family !== 'IPv4')
        errors.push(
          field.invalid(
            fieldPath('spec', 'ipFamilies').index(index),
            family,
            'not configured on this cluster',
          ),
        );
    });
    if (errors.length > 0) failInvalid(service, errors);
    if ((spec.ipFamilies ?? []).length === 0) spec.ipFamilies = ['IPv4'];
  }

  /** allocClusterIPs: the IPv4 ClusterIP, requested or next free; null when none is needed. */
  private allocClusterIP(service: Service, rng: Rng, dryRun: boolean): string | null {
    const spec = specOf(service);
    if (spec.type === 'ExternalName' || spec.clusterIPs?.[0] === 'None') return null;
    const requested = spec.clusterIPs?.[0] ?? '';
    let allocated: string;
    if (requested === '') {
      try {
        allocated = this.ips.allocateNext(rng, dryRun);
      } catch (error) {
        if (!(error instanceof AllocationError)) throw error;
        throw new ApiError(internalError(`failed to allocate a serviceIP: ${error.message}`));
      }
    } else {
      const ip = parseIP(requested);
      try {
        if (!ip) throw new AllocationError(`invalid IP ${requested}`);
        this.ips.allocate(ip, dryRun);
      } catch (error) {
        if (!(error instanceof AllocationError)) throw error;
        failInvalid(service, [
          field.invalid(
            'spec.clusterIPs',
            spec.clusterIPs,
            `failed to allocate IP ${requested}: ${error.message}`,
          ),
        ]);
      }
      allocated = requested;
    }
    spec.clusterIPs = [allocated, ...(spec.clusterIPs ?? []).slice(1)];
    spec.clusterIP = allocated;
    return dryRun ? null : allocated;
  }

  private ipTransaction(allocated: string | null, released: string | null): Transaction {
    return {
      commit: () => {
        if (released !== null) this.ips.release(released);
      },
      revert: () => {
        if (allocated !== null) this.ips.release(allocated);
      },
    };
  }

  private initNodePorts(service: Service, operation: PortAllocationOperation): void {
    const spec = specOf(service);
    const ports = spec.ports ?? [];
    const byPort = new Map<number, number>();
    ports.forEach((port, index) => {
      if (!port.nodePort && !shouldAllocateNodePorts(spec)) return;
      const allocatedNodePort = byPort.get(port.port) ?? 0;
      const path = fieldPath('spec', 'ports').index(index).child('nodePort');
      if (allocatedNodePort === 0) {
        const requested = requestedNodePort(port.port, ports);
        if (requested !== 0) {
          this.allocateNodePort(service, operation, requested, path);
          port.nodePort = requested;
        } else {
          port.nodePort = this.nextNodePort(operation);
        }
        byPort.set(port.port, port.nodePort);
      } else if (port.nodePort !== allocatedNodePort) {
        if (!port.nodePort) port.nodePort = allocatedNodePort;
        else this.allocateNodePort(service, operation, port.nodePort, path);
      }
    });
  }

  private allocateNodePort(
    service: Service,
    operation: PortAllocationOperation,
    port: number,
    path: ReturnType<typeof fieldPath>,
  ): void {
    try {
      operation.allocate(port);
    } catch (error) {
      if (!(error instanceof AllocationError)) throw error;
      failInvalid(service, [field.invalid(path, port, error.message)]);
    }
  }

  private nextNodePort(operation: PortAllocationOperation): number {
    try {
      return operation.allocateNext();
    } catch (error) {
      if (!(error instanceof AllocationError)) throw error;
      throw new ApiError(internalError(`failed to allocate a nodePort: ${error.message}`));
    }
  }

  private allocHealthCheckNodePort(spec: ServiceSpec, operation: PortAllocationOperation): void {
    const requested = spec.healthCheckNodePort ?? 0;
    try {
      if (requested !== 0) operation.allocate(requested);
      else spec.healthCheckNodePort = operation.allocateNext();
    } catch (error) {
      if (!(error instanceof AllocationError)) throw error;
      throw new ApiError(
        internalError(
          requested !== 0
            ? `failed to allocate requested HealthCheck NodePort ${String(requested)}: ${error.message}`
            : `failed to allocate a HealthCheck NodePort 0: ${error.message}`,
        ),
      );
    }
  }

  private portTransaction(operation: PortAllocationOperation): Transaction {
    return {
      commit: () => {
        operation.commit();
      },
      revert: () => {
        operation.revert();
      },
    };
  }

  /** allocateCreate: ClusterIP then NodePorts; an error reverts what was already taken. */
  allocateCreate(service: Service, rng: Rng, dryRun: boolean): Transaction {
    this.initIPFamilyFields(service);
    const ip = this.ipTransaction(this.allocClusterIP(service, rng, dryRun), null);
    const operation = new PortAllocationOperation(this.ports, rng, dryRun);
    try {
      const spec = specOf(service);
      if (spec.type === 'NodePort' || spec.type === 'LoadBalancer')
        this.initNodePorts(service, operation);
      if (needsHealthCheck(spec)) this.allocHealthCheckNodePort(spec, operation);
    } catch (error) {
      operation.revert();
      ip.revert();
      throw error;
    }
    return combine(ip, this.portTransaction(operation));
  }

  /** allocateUpdate: type changes allocate or release ClusterIPs and NodePorts. */
  allocateUpdate(service: Service, old: Service, rng: Rng, dryRun: boolean): Transaction {
    this.initIPFamilyFields(service, old);
    const ip = this.updateClusterIPs(service, old, rng, dryRun);
    const operation = new PortAllocationOperation(this.ports, rng, dryRun);
    try {
      this.updateNodePorts(service, old, operation);
    } catch (error) {
      operation.revert();
      ip.revert();
      throw error;
    }
    return combine(ip, this.portTransaction(operation));
  }

  private updateClusterIPs(service: Service, old: Service, rng: Rng, dryRun: boolean): Transaction {
    const spec = specOf(service);
    const previous = specOf(old);
    if (isMatchingPreferDualStack(service, old)) return this.ipTransaction(null, null);
    if (previous.type === 'ExternalName' && spec.type !== 'ExternalName')
      return this.ipTransaction(this.allocClusterIP(service, rng, dryRun), null);
    if (previous.clusterIPs?.[0] === 'None') return this.ipTransaction(null, null);
    if (previous.type !== 'ExternalName' && spec.type === 'ExternalName' && !dryRun)
      return this.ipTransaction(null, previous.clusterIPs?.[0] ?? null);
    return this.ipTransaction(null, null);
  }

  private updateNodePorts(
    service: Service,
    old: Service,
    operation: PortAllocationOperation,
  ): void {
    const spec = specOf(service);
    const previous = specOf(old);
    const hadNodePorts = previous.type === 'NodePort' || previous.type === 'LoadBalancer';
    const hasNodePorts = spec.type === 'NodePort' || spec.type === 'LoadBalancer';
    if (hadNodePorts && !hasNodePorts)
      for (const port of nodePortsOf(previous)) operation.releaseLater(port);
    if (hasNodePorts) {
      const oldNumbers = nodePortsOf(previous);
      const taken = new Set<number>();
      const seen = new Set<string>();
      (spec.ports ?? []).forEach((port, index) => {
        if (!port.nodePort && !shouldAllocateNodePorts(spec)) return;
        if (port.nodePort) {
          if (!oldNumbers.includes(port.nodePort) && !taken.has(port.nodePort)) {
            const path = fieldPath('spec', 'ports').index(index).child('nodePort');
            this.allocateNodePort(service, operation, port.nodePort, path);
            taken.add(port.nodePort);
          }
        } else {
          port.nodePort = this.nextNodePort(operation);
        }
        const key = `${port.protocol ?? ''}/${String(port.nodePort)}`;
        if (seen.has(key)) {
          // A plain error upstream, which the handler answers as a 500 with no reason.
          throw new ApiError(
            unknownError(`duplicate nodePort: {${port.protocol ?? ''} ${String(port.nodePort)}}`),
          );
        }
        seen.add(key);
      });
      const newNumbers = nodePortsOf(spec);
      for (const port of oldNumbers) if (!newNumbers.includes(port)) operation.releaseLater(port);
    }
    const needed = needsHealthCheck(previous);
    const needs = needsHealthCheck(spec);
    if (!needed && needs) this.allocHealthCheckNodePort(spec, operation);
    else if (needed && !needs && previous.healthCheckNodePort)
      operation.releaseLater(previous.healthCheckNodePort);
  }

  /** releaseAllocatedResources, when a Service is gone. */
  release(service: Service): void {
    const spec = specOf(service);
    if (spec.type !== 'ExternalName' && spec.clusterIPs?.[0] !== 'None')
      for (const ip of spec.clusterIPs ?? []) this.ips.release(ip);
    for (const port of nodePortsOf(spec)) this.ports.release(port);
    if (needsHealthCheck(spec) && spec.healthCheckNodePort)
      this.ports.release(spec.healthCheckNodePort);
  }
}

function combine(...transactions: Transaction[]): Transaction {
  return {
    commit: () => {
      for (const transaction of transactions) transaction.commit();
    },
    revert: () => {
      for (const transaction of transactions) transaction.revert();
    },
  };
}
