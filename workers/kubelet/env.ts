// A container's environment as the kubelet builds it (kubelet_pods.go makeEnvironmentVariables,
// podFieldSelectorRuntimeValue, containerResourceRuntimeValue; third_party/forked/golang/expansion):
// envFrom ConfigMaps and Secrets, then env entries in order with $(VAR) expansion and valueFrom
// fieldRef, resourceFieldRef, configMapKeyRef and secretKeyRef, then the services' variables
// (kubelet_pods.go getServiceEnvVarMap, pkg/kubelet/envvars/envvars.go FromServices).

import type { ConfigMap, Container, Pod, Secret, Service } from 'kubernetes-types/core/v1';
import { parseQuantity, type Quantity } from '../api/quantity.ts';
import { isNotFound } from '../client/client.ts';

/** Where the kubelet reads referenced objects (the API server, as the node). */
export interface EnvSources {
  configMap(namespace: string, name: string): Promise<ConfigMap>;
  secret(namespace: string, name: string): Promise<Secret>;
  /** Every Service the kubelet knows of. */
  services(): Service[];
}

/** makeEnvVariableName: `my-svc` → `MY_SVC`. */
function envVariableName(name: string): string {
  return name.replaceAll('-', '_').toUpperCase();
}

/** FromServices: `<NAME>_SERVICE_HOST`/`_PORT`, named ports, and Docker link variables. */
export function serviceVariables(services: Service[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const service of services) {
    const ip = service.spec?.clusterIP ?? '';
    const ports = service.spec?.ports ?? [];
    const [first] = ports;
    if (ip === '' || ip === 'None' || !first) continue;
    const prefix = envVariableName(service.metadata?.name ?? '');
    env[`${prefix}_SERVICE_HOST`] = ip;
    env[`${prefix}_SERVICE_PORT`] = String(first.port);
    for (const port of ports)
      if (port.name)
        env[`${prefix}_SERVICE_PORT_${envVariableName(port.name)}`] = String(port.port);
    for (const [index, port] of ports.entries()) {
      const protocol = (port.protocol ?? 'TCP').toLowerCase();
      const url = `${protocol}://${ip}:${String(port.port)}`;
      if (index === 0) env[`${prefix}_PORT`] = url;
      const portPrefix = `${prefix}_PORT_${String(port.port)}_${protocol.toUpperCase()}`;
      env[portPrefix] = url;
      env[`${portPrefix}_PROTO`] = protocol;
      env[`${portPrefix}_PORT`] = String(port.port);
      env[`${portPrefix}_ADDR`] = ip;
    }
  }
  return env;
}

/** getServiceEnvVarMap: the master service `kubernetes` always, the pod's namespace's with service links. */
function serviceEnvironment(pod: Pod, services: Service[]): Record<string, string> {
  const namespace = pod.metadata?.namespace ?? '';
  const links = pod.spec?.enableServiceLinks ?? true;
  const chosen = new Map<string, Service>();
  for (const service of services) {
    const name = service.metadata?.name ?? '';
    const serviceNamespace = service.metadata?.namespace ?? '';
    if (serviceNamespace === 'default' && name === 'kubernetes') {
      if (!chosen.has(name)) chosen.set(name, service);
    } else if (serviceNamespace === namespace && links) chosen.set(name, service);
  }
  return serviceVariables([...chosen.values()]);
}

/** What the pod's fieldRefs and resourceFieldRefs read besides the pod. */
export interface EnvContext {
  podIP?: string;
  hostIP: string;
  /** The node's allocatable cpu (millicores) and memory (bytes): limits default to them. */
  allocatableMilliCpu: number;
  allocatableMemory: number;
}

/** Why a container cannot be created (CreateContainerConfigError's message). */
export class ContainerConfigError extends Error {}

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** expansion.Expand: $(VAR) from the variables so far, $$ escapes, unknown references stay. */
export function expand(input: string, lookup: (name: string) => string | undefined): string {
  let out = '';
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (c !== '$' || i === input.length - 1) {
      out += c ?? '';
      continue;
    }
    const next = input[i + 1];
    if (next === '$') {
      out += '$';
      i++;
    } else if (next === '(') {
      const end = input.indexOf(')', i + 2);
      if (end < 0) {
        out += input.slice(i);
        break;
      }
      const name = input.slice(i + 2, end);
      out += lookup(name) ?? `$(${name})`;
      i = end;
    } else {
      out += `$${next ?? ''}`;
      i++;
    }
  }
  return out;
}

/** podFieldSelectorRuntimeValue: the downward API's pod fields. */
function fieldValue(pod: Pod, fieldPath: string, context: EnvContext): string {
  const meta = pod.metadata ?? {};
  const keyed = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(fieldPath);
  if (keyed) {
    const map = keyed[1] === 'labels' ? meta.labels : meta.annotations;
    return map?.[keyed[2] ?? ''] ?? '';
  }
  switch (fieldPath) {
    case 'metadata.name':
      return meta.name ?? '';
    case 'metadata.namespace':
      return meta.namespace ?? '';
    case 'metadata.uid':
      return meta.uid ?? '';
    case 'spec.nodeName':
      return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName ?? '';
    case 'status.hostIP':
    case 'status.hostIPs':
      return context.hostIP;
    case 'status.podIP':
    case 'status.podIPs':
      return context.podIP ?? '';
    default:
      throw new ContainerConfigError(`unsupported fieldPath: ${fieldPath}`);
  }
}

function quantity(text: string | number | undefined): Quantity | null {
  if (text === undefined) return null;
  const parsed = parseQuantity(String(text));
  return 'error' in parsed ? null : parsed;
}

/** containerResourceRuntimeValue: a limit (node allocatable when unset) or request, over the divisor, rounded up. */
function resourceValue(
  container: Container,
  resource: string,
  divisor: string | number | undefined,
  context: EnvContext,
): string {
  const [kind, name = ''] = resource.split('.');
  const table = kind === 'limits' ? container.resources?.limits : container.resources?.requests;
  let milli = quantity(table?.[name])?.milliValue;
  if (milli === undefined && name === 'cpu')
    milli = kind === 'limits' ? context.allocatableMilliCpu : 0;
  if (milli === undefined && name === 'memory')
    milli = kind === 'limits' ? context.allocatableMemory * 1000 : 0;
  milli ??= 0;
  const per = quantity(divisor)?.milliValue ?? 0;
  return String(Math.ceil(milli / (per === 0 ? 1000 : per)));
}

/** makeEnvironmentVariables: the container's variables, in the order a process sees them. */
export async function makeEnvironmentVariables(
  pod: Pod,
  container: Container,
  context: EnvContext,
  sources: EnvSources,
): Promise<Record<string, string>> {
  const namespace = pod.metadata?.namespace ?? '';
  const configMaps = new Map<string, ConfigMap | null>();
  const secrets = new Map<string, Secret | null>();
  // The kubelet's watch-based object managers answer a missing object with a NotFound of the
  // singular resource: `configmap "x" not found`.
  const read = async <T>(
    cache: Map<string, T | null>,
    resource: 'configmap' | 'secret',
    name: string,
    optional: boolean,
    get: () => Promise<T>,
  ): Promise<T | null> => {
    if (cache.has(name)) return cache.get(name) ?? null;
    try {
      const object = await get();
      cache.set(name, object);
      return object;
    } catch (error) {
      if (!isNotFound(error))
        throw new ContainerConfigError(error instanceof Error ? error.message : String(error));
      if (optional) return null;
      throw new ContainerConfigError(`${resource} "${name}" not found`);
    }
  };
  const configMap = (name: string, optional: boolean): Promise<ConfigMap | null> =>
    read(configMaps, 'configmap', name, optional, () => sources.configMap(namespace, name));
  const secret = (name: string, optional: boolean): Promise<Secret | null> =>
    read(secrets, 'secret', name, optional, () => sources.secret(namespace, name));

  const services = serviceEnvironment(pod, sources.services());
  const env: Record<string, string> = {};
  const lookup = (name: string): string | undefined => env[name] ?? services[name];
  for (const from of container.envFrom ?? []) {
    const prefix = from.prefix ?? '';
    if (from.configMapRef) {
      const object = await configMap(from.configMapRef.name ?? '', !!from.configMapRef.optional);
      for (const [key, value] of Object.entries(object?.data ?? {}))
        if (ENV_NAME.test(prefix + key)) env[prefix + key] = value;
    } else if (from.secretRef) {
      const object = await secret(from.secretRef.name ?? '', !!from.secretRef.optional);
      for (const [key, value] of Object.entries(object?.data ?? {}))
        if (ENV_NAME.test(prefix + key)) env[prefix + key] = atob(value);
    }
  }
  for (const variable of container.env ?? []) {
    const source = variable.valueFrom;
    if (variable.value !== undefined && variable.value !== '') {
      env[variable.name] = expand(variable.value, lookup);
      continue;
    }
    if (!source) {
      env[variable.name] = '';
      continue;
    }
    if (source.fieldRef) {
      env[variable.name] = fieldValue(pod, source.fieldRef.fieldPath, context);
    } else if (source.resourceFieldRef) {
      const ref = source.resourceFieldRef;
      env[variable.name] = resourceValue(container, ref.resource, ref.divisor, context);
    } else if (source.configMapKeyRef) {
      const { name = '', key, optional = false } = source.configMapKeyRef;
      const object = await configMap(name, optional);
      const value = object?.data?.[key];
      if (value === undefined) {
        if (optional) continue;
        throw new ContainerConfigError(
          `couldn't find key ${key} in ConfigMap ${namespace}/${name}`,
        );
      }
      env[variable.name] = value;
    } else if (source.secretKeyRef) {
      const { name = '', key, optional = false } = source.secretKeyRef;
      const object = await secret(name, optional);
      const value = object?.data?.[key];
      if (value === undefined) {
        if (optional) continue;
        throw new ContainerConfigError(`couldn't find key ${key} in Secret ${namespace}/${name}`);
      }
      env[variable.name] = atob(value);
    }
  }
  for (const [name, value] of Object.entries(services)) if (!(name in env)) env[name] = value;
  return env;
}
