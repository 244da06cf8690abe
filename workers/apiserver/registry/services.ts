// The Service registry: pkg/registry/core/service/strategy.go (status reset, dropTypeDependentFields,
// the status subresource) with the hooks of pkg/registry/core/service/storage/storage.go
// (normalizeClusterIPs, patchAllocatedValues, ClusterIP and NodePort allocation, the Endpoints
// cleanup after delete) and SetDefaults_Service. Left out: the proxy subresource, warnings.

import type { Service, ServicePort, ServiceSpec, ServiceStatus } from 'kubernetes-types/core/v1';
import { isStatus, reasonOf } from '../../api/errors.ts';
import { builtinType } from '../../api/resources.ts';
import { nameIsDNS1035Label } from '../../api/validation.ts';
import type { KubeObject } from '../../client/protocol.ts';
import { endpointsStrategy } from './endpoints.ts';
import { ApiError } from './generic.ts';
import { ServiceAllocators } from './service-alloc.ts';
import {
  externallyAccessible,
  sameList,
  specOf,
  validateService,
  validateServiceStatus,
  validateServiceUpdate,
} from './service-validation.ts';
import type { Strategy } from './strategy.ts';

const SERVICE_TYPE = builtinType('', 'services');
const DEFAULT_CLIENT_IP_AFFINITY_SECONDS = 10800;

function asService(object: KubeObject): Service {
  return object as Service;
}

function mutableSpec(object: KubeObject): ServiceSpec {
  return ((object as { spec?: ServiceSpec }).spec ??= {});
}

/** SetDefaults_Service (with LoadBalancerIPMode on). */
export function defaultService(object: KubeObject): void {
  const spec = mutableSpec(object);
  spec.sessionAffinity ||= 'None';
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (
    spec.sessionAffinity === 'ClientIP' &&
    spec.sessionAffinityConfig?.clientIP?.timeoutSeconds === undefined
  ) {
    spec.sessionAffinityConfig = {
      clientIP: { timeoutSeconds: DEFAULT_CLIENT_IP_AFFINITY_SECONDS },
    };
  }
  spec.type ||= 'ClusterIP';
  for (const port of spec.ports ?? []) {
    port.protocol ||= 'TCP';
    if (port.targetPort === undefined || port.targetPort === 0 || port.targetPort === '')
      port.targetPort = port.port;
  }
  if (externallyAccessible(spec) && !spec.externalTrafficPolicy)
    spec.externalTrafficPolicy = 'Cluster';
  if (
    spec.internalTrafficPolicy === undefined &&
    (spec.type === 'NodePort' || spec.type === 'LoadBalancer' || spec.type === 'ClusterIP')
  ) {
    spec.internalTrafficPolicy = 'Cluster';
  }
  if (spec.type === 'LoadBalancer') {
    spec.allocateLoadBalancerNodePorts ??= true;
    for (const ingress of asService(object).status?.loadBalancer?.ingress ?? [])
      if (ingress.ip && ingress.ipMode === undefined) ingress.ipMode = 'VIP';
  }
}

function setStatus(service: Service, status: ServiceStatus | undefined): void {
  (service as { status?: ServiceStatus }).status = status;
}

function needsClusterIP(spec: ServiceSpec): boolean {
  return spec.type !== 'ExternalName';
}

function needsNodePort(spec: ServiceSpec): boolean {
  return spec.type === 'NodePort' || spec.type === 'LoadBalancer';
}

function needsHCNodePort(spec: ServiceSpec): boolean {
  return spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local';
}

function nodePortSet(ports: readonly ServicePort[] | undefined): Set<number> {
  return new Set((ports ?? []).flatMap((port) => (port.nodePort ? [port.nodePort] : [])));
}

/** normalizeClusterIPs: keeps clusterIP and clusterIPs in step for clients that set only one. */
function normalizeClusterIPs(spec: ServiceSpec, old?: ServiceSpec): void {
  if (!old) {
    if (spec.clusterIP && (spec.clusterIPs?.length ?? 0) === 0) spec.clusterIPs = [spec.clusterIP];
    return;
  }
  if ((old.clusterIPs?.length ?? 0) > 0 && (spec.clusterIPs?.length ?? 0) === 0) {
    if (old.clusterIP === spec.clusterIP) spec.clusterIPs = [...(old.clusterIPs ?? [])];
  }
  if (old.clusterIP !== spec.clusterIP) {
    if (old.clusterIP && !spec.clusterIP) {
      if (sameList(old.clusterIPs, spec.clusterIPs)) delete spec.clusterIPs;
    } else if (sameList(old.clusterIPs, spec.clusterIPs) && spec.clusterIP) {
      spec.clusterIPs = [spec.clusterIP];
    }
  }
}

/** patchAllocatedValues: a resubmitted manifest keeps the IP and ports allocated for it. */
function patchAllocatedValues(spec: ServiceSpec, old: ServiceSpec): void {
  if (needsClusterIP(old) && needsClusterIP(spec)) {
    if (!spec.clusterIP && old.clusterIP) spec.clusterIP = old.clusterIP;
    if ((spec.clusterIPs?.length ?? 0) === 0 && (old.clusterIPs?.length ?? 0) > 0)
      spec.clusterIPs = [...(old.clusterIPs ?? [])];
  }
  if (needsNodePort(old) && needsNodePort(spec)) {
    const newPorts = nodePortSet(spec.ports);
    const used = new Set([...nodePortSet(old.ports)].filter((port) => newPorts.has(port)));
    const byName = new Map((old.ports ?? []).map((port) => [port.name ?? '', port.nodePort]));
    for (const port of spec.ports ?? []) {
      if (port.nodePort) continue;
      const previous = byName.get(port.name ?? '');
      if (previous && !used.has(previous)) port.nodePort = previous;
    }
  }
  if (
    needsHCNodePort(old) &&
    needsHCNodePort(spec) &&
    !spec.healthCheckNodePort &&
    old.healthCheckNodePort
  )
    spec.healthCheckNodePort = old.healthCheckNodePort;
}

/** dropTypeDependentFields: fields the new type does not use, when the user left them as they were. */
function dropTypeDependentFields(service: Service, old: Service): void {
  const spec = mutableSpec(service);
  const previous = specOf(old);
  if (needsClusterIP(previous) && !needsClusterIP(spec)) {
    if (previous.clusterIP === spec.clusterIP && sameList(previous.clusterIPs, spec.clusterIPs)) {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    }
    if (sameList(previous.ipFamilies, spec.ipFamilies)) delete spec.ipFamilies;
    if (previous.ipFamilyPolicy === spec.ipFamilyPolicy) delete spec.ipFamilyPolicy;
  }
  const oldNodePorts = nodePortSet(previous.ports);
  if (
    needsNodePort(previous) &&
    !needsNodePort(spec) &&
    [...nodePortSet(spec.ports)].every((port) => oldNodePorts.has(port))
  ) {
    for (const port of spec.ports ?? []) delete port.nodePort;
  }
  if (
    needsHCNodePort(previous) &&
    !needsHCNodePort(spec) &&
    previous.healthCheckNodePort === spec.healthCheckNodePort
  )
    delete spec.healthCheckNodePort;
  if (
    previous.type === 'LoadBalancer' &&
    spec.type !== 'LoadBalancer' &&
    previous.allocateLoadBalancerNodePorts !== undefined &&
    previous.allocateLoadBalancerNodePorts === spec.allocateLoadBalancerNodePorts
  ) {
    delete spec.allocateLoadBalancerNodePorts;
  }
  if (
    previous.type === 'LoadBalancer' &&
    spec.type !== 'LoadBalancer' &&
    previous.loadBalancerClass === spec.loadBalancerClass
  )
    delete spec.loadBalancerClass;
  if (
    externallyAccessible(previous) &&
    !externallyAccessible(spec) &&
    previous.externalTrafficPolicy === spec.externalTrafficPolicy
  )
    delete spec.externalTrafficPolicy;
  if (spec.type !== 'LoadBalancer') setStatus(service, { ...service.status, loadBalancer: {} });
}

function transaction(finish: { commit(): void; revert(): void }): (success: boolean) => void {
  return (success) => {
    if (success) finish.commit();
    else finish.revert();
  };
}

/** A Service strategy with its own allocators: one per API server. */
export function createServiceStrategy(): Strategy {
  const allocators = new ServiceAllocators();
  return {
    type: SERVICE_TYPE,
    nameValidator: nameIsDNS1035Label,
    allowCreateOnUpdate: true,
    returnDeletedObject: true,
    applyDefaults: defaultService,
    repair(objects) {
      allocators.repair(objects.map(asService));
    },
    beginCreate(object, context, dryRun) {
      const service = asService(object);
      normalizeClusterIPs(mutableSpec(object));
      return transaction(allocators.allocateCreate(service, context.rng, dryRun));
    },
    beginUpdate(object, old, context, dryRun) {
      const service = asService(object);
      const spec = mutableSpec(object);
      patchAllocatedValues(spec, specOf(asService(old)));
      normalizeClusterIPs(spec, specOf(asService(old)));
      return transaction(allocators.allocateUpdate(service, asService(old), context.rng, dryRun));
    },
    prepareForCreate(object) {
      setStatus(asService(object), { loadBalancer: {} });
    },
    prepareForUpdate(object, old) {
      const service = asService(object);
      setStatus(service, asService(old).status);
      dropTypeDependentFields(service, asService(old));
    },
    validate(object) {
      return validateService(asService(object));
    },
    validateUpdate(object, old) {
      return validateServiceUpdate(asService(object), asService(old));
    },
    async afterDelete(object, context, registry) {
      allocators.release(asService(object));
      // The Endpoints go with their Service, lest a new Service of that name inherit them.
      const meta = object.metadata ?? {};
      try {
        await registry.delete(endpointsStrategy, meta.namespace, meta.name ?? '', {}, context);
      } catch (error) {
        if (!(
          error instanceof ApiError &&
          isStatus(error.status) &&
          reasonOf(error.status) === 'NotFound'
        ))
          throw error;
      }
    },
    fromStorage(object) {
      // defaultOnReadInternalTrafficPolicy: ExternalName Services once had it defaulted.
      const spec = asService(object).spec;
      if (spec?.type !== 'ExternalName' || spec.internalTrafficPolicy === undefined) return object;
      const { internalTrafficPolicy: _dropped, ...rest } = spec;
      return { ...object, spec: rest } as KubeObject;
    },
    status: {
      prepareForUpdate(object, old) {
        // Scheme defaults apply to every body; here only status.loadBalancer's ipMode matters.
        defaultService(object);
        (object as { spec?: unknown }).spec = (old as { spec?: unknown }).spec;
      },
      validateUpdate(object) {
        return validateServiceStatus(asService(object));
      },
    },
  };
}
