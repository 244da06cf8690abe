import type { ConfigMap, Container, Pod, Secret, Service } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { StatusError } from '../client/client.ts';
import { ContainerConfigError, expand, makeEnvironmentVariables, type EnvSources } from './env.ts';

const POD: Pod = {
  metadata: {
    name: 'web-0',
    namespace: 'shop',
    uid: 'uid-1',
    labels: { app: 'web' },
    annotations: { owner: 'team-a' },
  },
  spec: { nodeName: 'node-1', serviceAccountName: 'default', containers: [] },
};

const CONTEXT = {
  hostIP: '172.18.0.3',
  podIP: '10.244.1.7',
  allocatableMilliCpu: 4000,
  allocatableMemory: 8_000_000_000,
};

function missing(resource: string, name: string): StatusError {
  return new StatusError({
    apiVersion: 'v1',
    kind: 'Status',
    metadata: {},
    status: 'Failure',
    message: `${resource} "${name}" not found`,
    reason: 'NotFound',
    code: 404,
  });
}

const SOURCES: EnvSources = {
  configMap: (_namespace, name) =>
    name === 'settings'
      ? Promise.resolve<ConfigMap>({ data: { mode: 'fast', 'log.level': 'debug', '1bad': 'x' } })
      : Promise.reject(missing('configmaps', name)),
  secret: (_namespace, name) =>
    name === 'creds'
      ? Promise.resolve<Secret>({ data: { password: btoa('s3cret') } })
      : Promise.reject(missing('secrets', name)),
  services: () => [],
};

const env = (container: Partial<Container>) =>
  makeEnvironmentVariables(POD, { name: 'c', ...container }, CONTEXT, SOURCES);

describe('expand ($(VAR) references, expansion.Expand)', () => {
  it.each<[string, string]>([
    ['$(A)-$(B)', 'one-two'],
    ['$$(A)', '$(A)'],
    ['$(MISSING)', '$(MISSING)'],
    ['cost: $5', 'cost: $5'],
    ['open $(A', 'open $(A'],
  ])('%s → %s', (input, output) => {
    expect(expand(input, (name) => ({ A: 'one', B: 'two' })[name])).toBe(output);
  });
});

describe('service environment variables (envvars.FromServices)', () => {
  const service = (namespace: string, name: string, clusterIP: string): Service => ({
    metadata: { namespace, name },
    spec: {
      clusterIP,
      ports: [
        { name: 'https', port: 443, protocol: 'TCP' },
        { name: 'dns-udp', port: 53, protocol: 'UDP' },
      ],
    },
  });
  const withServices = (pod: Pod) =>
    makeEnvironmentVariables(
      pod,
      { name: 'c', env: [{ name: 'URL', value: 'https://$(KUBERNETES_SERVICE_HOST)' }] },
      CONTEXT,
      {
        ...SOURCES,
        services: () => [
          service('default', 'kubernetes', '10.96.0.1'),
          service('shop', 'cart-api', '10.96.4.2'),
          service('shop', 'headless', 'None'),
          service('other', 'elsewhere', '10.96.9.9'),
        ],
      },
    );

  it('gives a pod the kubernetes service and its own namespace’s, after its own variables', async () => {
    const env = await withServices(POD);
    expect(Object.keys(env)[0]).toBe('URL');
    expect(env).toEqual({
      URL: 'https://10.96.0.1',
      KUBERNETES_SERVICE_HOST: '10.96.0.1',
      KUBERNETES_SERVICE_PORT: '443',
      KUBERNETES_SERVICE_PORT_HTTPS: '443',
      KUBERNETES_SERVICE_PORT_DNS_UDP: '53',
      KUBERNETES_PORT: 'tcp://10.96.0.1:443',
      KUBERNETES_PORT_443_TCP: 'tcp://10.96.0.1:443',
      KUBERNETES_PORT_443_TCP_PROTO: 'tcp',
      KUBERNETES_PORT_443_TCP_PORT: '443',
      KUBERNETES_PORT_443_TCP_ADDR: '10.96.0.1',
      KUBERNETES_PORT_53_UDP: 'udp://10.96.0.1:53',
      KUBERNETES_PORT_53_UDP_PROTO: 'udp',
      KUBERNETES_PORT_53_UDP_PORT: '53',
      KUBERNETES_PORT_53_UDP_ADDR: '10.96.0.1',
      CART_API_SERVICE_HOST: '10.96.4.2',
      CART_API_SERVICE_PORT: '443',
      CART_API_SERVICE_PORT_HTTPS: '443',
      CART_API_SERVICE_PORT_DNS_UDP: '53',
      CART_API_PORT: 'tcp://10.96.4.2:443',
      CART_API_PORT_443_TCP: 'tcp://10.96.4.2:443',
      CART_API_PORT_443_TCP_PROTO: 'tcp',
      CART_API_PORT_443_TCP_PORT: '443',
      CART_API_PORT_443_TCP_ADDR: '10.96.4.2',
      CART_API_PORT_53_UDP: 'udp://10.96.4.2:53',
      CART_API_PORT_53_UDP_PROTO: 'udp',
      CART_API_PORT_53_UDP_PORT: '53',
      CART_API_PORT_53_UDP_ADDR: '10.96.4.2',
    });
  });

  it('keeps only the kubernetes service without service links', async () => {
    const env = await withServices({ ...POD, spec: { containers: [], enableServiceLinks: false } });
    expect(Object.keys(env).filter((name) => name.startsWith('CART_API'))).toEqual([]);
    expect(env.KUBERNETES_SERVICE_HOST).toBe('10.96.0.1');
  });
});

describe('makeEnvironmentVariables', () => {
  it('reads the downward API, resources, ConfigMaps and Secrets, in order', async () => {
    expect(
      await env({
        resources: { limits: { memory: '64Mi' }, requests: { cpu: '250m' } },
        env: [
          { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
          { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
          { name: 'HOST_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } },
          { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
          { name: 'APP', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
          { name: 'MEM', valueFrom: { resourceFieldRef: { resource: 'limits.memory' } } },
          {
            name: 'MEM_MI',
            valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } },
          },
          { name: 'CPU_LIMIT', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } },
          {
            name: 'CPU_REQUEST_M',
            valueFrom: { resourceFieldRef: { resource: 'requests.cpu', divisor: '1m' } },
          },
          { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'settings', key: 'mode' } } },
          { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } } },
          { name: 'GREETING', value: 'hello $(POD_NAME) in $(MODE) mode' },
        ],
      }),
    ).toEqual({
      POD_NAME: 'web-0',
      POD_NAMESPACE: 'shop',
      POD_IP: '10.244.1.7',
      HOST_IP: '172.18.0.3',
      NODE: 'node-1',
      APP: 'web',
      MEM: '67108864',
      MEM_MI: '64',
      CPU_LIMIT: '4',
      CPU_REQUEST_M: '250',
      MODE: 'fast',
      PASSWORD: 's3cret',
      GREETING: 'hello web-0 in fast mode',
    });
  });

  it('takes every valid key of envFrom sources, with their prefix', async () => {
    expect(
      await env({
        envFrom: [
          { configMapRef: { name: 'settings' }, prefix: 'CFG_' },
          { secretRef: { name: 'creds' } },
        ],
      }),
    ).toEqual({ CFG_mode: 'fast', 'CFG_log.level': 'debug', CFG_1bad: 'x', password: 's3cret' });
  });

  it.each<[string, Partial<Container>, string]>([
    [
      'a missing ConfigMap',
      { env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'nope', key: 'k' } } }] },
      'configmap "nope" not found',
    ],
    [
      'a missing key of a ConfigMap',
      { env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'settings', key: 'k' } } }] },
      "couldn't find key k in ConfigMap shop/settings",
    ],
    [
      'a missing key of a Secret',
      { env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'creds', key: 'user' } } }] },
      "couldn't find key user in Secret shop/creds",
    ],
    [
      'a missing Secret behind envFrom',
      { envFrom: [{ secretRef: { name: 'gone' } }] },
      'secret "gone" not found',
    ],
  ])('refuses %s (CreateContainerConfigError)', async (_name, container, message) => {
    const result = env(container);
    await expect(result).rejects.toThrow(ContainerConfigError);
    await expect(result).rejects.toThrow(message);
  });

  it('skips optional references that are missing', async () => {
    expect(
      await env({
        env: [
          { name: 'A', valueFrom: { configMapKeyRef: { name: 'nope', key: 'k', optional: true } } },
          { name: 'B', valueFrom: { secretKeyRef: { name: 'creds', key: 'k', optional: true } } },
        ],
        envFrom: [{ configMapRef: { name: 'nope', optional: true } }],
      }),
    ).toEqual({});
  });
});
