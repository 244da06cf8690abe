import type { Container, Pod, Service } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { EvaluatorRegistry, podEvaluator, serviceEvaluator } from './evaluators.ts';
import { podConstraints, podMatchesScope } from './pods.ts';
import { parseResourceList, prettyPrint, resourceListJson } from './resource-list.ts';

const NOW = Date.parse('2026-01-01T00:00:00Z');

function container(
  name: string,
  requests?: Record<string, string>,
  limits?: Record<string, string>,
): Container {
  return {
    name,
    image: 'nginx',
    resources: { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) },
  };
}

function pod(spec: Partial<Pod['spec']>, more: Partial<Pod> = {}): Pod {
  return { metadata: { name: 'p', namespace: 'ns' }, spec: { containers: [], ...spec }, ...more };
}

const usage = (p: Pod): Record<string, string> => resourceListJson(podEvaluator.usage(p, NOW));

describe('pod usage', () => {
  it.each<[string, Pod, Record<string, string>]>([
    [
      'a best-effort pod charges only its count',
      pod({ containers: [container('c')] }),
      { 'count/pods': '1', pods: '1' },
    ],
    [
      'requests and limits of the containers add up',
      pod({
        containers: [
          container('a', { cpu: '100m', memory: '64Mi' }, { cpu: '200m' }),
          container('b', { cpu: '400m', memory: '64Mi' }, { cpu: '1' }),
        ],
      }),
      {
        'count/pods': '1',
        pods: '1',
        cpu: '500m',
        'requests.cpu': '500m',
        'limits.cpu': '1200m',
        memory: '128Mi',
        'requests.memory': '128Mi',
      },
    ],
    [
      'an init container counts at its peak, a sidecar alongside everything after it',
      pod({
        initContainers: [
          { ...container('sidecar', { cpu: '100m' }), restartPolicy: 'Always' },
          container('init', { cpu: '2' }),
        ],
        containers: [container('main', { cpu: '500m' })],
      }),
      { 'count/pods': '1', pods: '1', cpu: '2100m', 'requests.cpu': '2100m' },
    ],
    [
      'the overhead adds to requests, and to limits only where one is set',
      pod({
        containers: [container('c', { cpu: '100m', memory: '64Mi' }, { cpu: '100m' })],
        overhead: { cpu: '50m', memory: '32Mi' },
      }),
      {
        'count/pods': '1',
        pods: '1',
        cpu: '150m',
        'requests.cpu': '150m',
        'limits.cpu': '150m',
        memory: '96Mi',
        'requests.memory': '96Mi',
      },
    ],
    [
      'a terminal pod charges only its object count',
      pod({ containers: [container('c', { cpu: '1' })] }, { status: { phase: 'Succeeded' } }),
      { 'count/pods': '1' },
    ],
    [
      'a pod past its deletion grace period charges only its object count',
      pod(
        { containers: [container('c', { cpu: '1' })] },
        {
          metadata: {
            name: 'p',
            deletionTimestamp: '2025-12-31T23:59:00Z',
            deletionGracePeriodSeconds: 30,
          },
        },
      ),
      { 'count/pods': '1' },
    ],
    [
      'extended resources are charged as requests.<name>',
      pod({ containers: [container('c', { 'example.com/gpu': '2' }, { 'example.com/gpu': '2' })] }),
      { 'count/pods': '1', pods: '1', 'requests.example.com/gpu': '2' },
    ],
  ])('%s', (_name, p, expected) => {
    expect(usage(p)).toEqual(expected);
  });
});

describe('pod constraints', () => {
  it.each<[string, string[], Pod, string | null]>([
    ['nothing required', ['pods'], pod({ containers: [container('c')] }), null],
    [
      'requests named by every container',
      ['requests.cpu'],
      pod({ containers: [container('a', { cpu: '1' }), container('b', { cpu: '1' })] }),
      null,
    ],
    [
      'missing names listed per resource, init containers included',
      ['limits.cpu', 'requests.memory', 'pods'],
      pod({
        initContainers: [container('init', { memory: '1Mi' })],
        containers: [container('b', {}, { cpu: '1' }), container('a')],
      }),
      'must specify limits.cpu for: a,init; requests.memory for: a,b',
    ],
    [
      'ephemeral storage is never required',
      ['requests.ephemeral-storage'],
      pod({ containers: [container('c')] }),
      null,
    ],
  ])('%s', (_name, required, p, expected) => {
    expect(podConstraints(required, p)).toBe(expected);
  });
});

describe('pod scopes', () => {
  const burstable = pod(
    {
      containers: [container('c', { cpu: '1' })],
      activeDeadlineSeconds: 30,
      priorityClassName: 'high',
    },
    { status: { qosClass: 'Burstable' } },
  );
  const bestEffort = pod({ containers: [container('c')] });
  it.each<[string, string, string, string[] | undefined, Pod, boolean]>([
    ['Terminating with a deadline', 'Terminating', 'Exists', undefined, burstable, true],
    ['NotTerminating without one', 'NotTerminating', 'Exists', undefined, bestEffort, true],
    ['BestEffort from the QoS class', 'BestEffort', 'Exists', undefined, burstable, false],
    [
      'BestEffort computed before the status exists',
      'BestEffort',
      'Exists',
      undefined,
      bestEffort,
      true,
    ],
    ['NotBestEffort', 'NotBestEffort', 'Exists', undefined, burstable, true],
    ['PriorityClass In', 'PriorityClass', 'In', ['high'], burstable, true],
    ['PriorityClass NotIn without a class', 'PriorityClass', 'NotIn', ['high'], bestEffort, true],
    [
      'PriorityClass Exists without a class',
      'PriorityClass',
      'Exists',
      undefined,
      bestEffort,
      false,
    ],
    ['PriorityClass DoesNotExist', 'PriorityClass', 'DoesNotExist', undefined, bestEffort, true],
    [
      'CrossNamespacePodAffinity without affinity',
      'CrossNamespacePodAffinity',
      'Exists',
      undefined,
      bestEffort,
      false,
    ],
  ])('%s', (_name, scopeName, operator, values, p, matches) => {
    expect(podMatchesScope({ scopeName, operator, ...(values ? { values } : {}) }, p)).toBe(
      matches,
    );
  });
});

describe('service usage', () => {
  const service = (spec: Service['spec']): Service => ({ metadata: { name: 's' }, spec });
  it.each<[string, Service, Record<string, string>]>([
    [
      'a ClusterIP service',
      service({ ports: [{ port: 80 }] }),
      {
        'count/services': '1',
        services: '1',
        'services.loadbalancers': '0',
        'services.nodeports': '0',
      },
    ],
    [
      'a NodePort service counts a node port per port',
      service({ type: 'NodePort', ports: [{ port: 80 }, { port: 443 }] }),
      {
        'count/services': '1',
        services: '1',
        'services.loadbalancers': '0',
        'services.nodeports': '2',
      },
    ],
    [
      'a LoadBalancer without node ports counts only those named',
      service({
        type: 'LoadBalancer',
        allocateLoadBalancerNodePorts: false,
        ports: [{ port: 80, nodePort: 30080 }, { port: 443 }],
      }),
      {
        'count/services': '1',
        services: '1',
        'services.loadbalancers': '1',
        'services.nodeports': '1',
      },
    ],
  ])('%s', (_name, s, expected) => {
    expect(resourceListJson(serviceEvaluator.usage(s, NOW))).toEqual(expected);
  });
});

describe('the evaluator registry', () => {
  it('counts configmaps under both names, and any other resource by count/', () => {
    const registry = new EvaluatorRegistry();
    const configMaps = registry.getOrAdd({ group: '', resource: 'configmaps' });
    expect(configMaps.matchingResources(['configmaps', 'count/configmaps', 'pods'])).toEqual([
      'configmaps',
      'count/configmaps',
    ]);
    const jobs = registry.getOrAdd({ group: 'batch', resource: 'jobs' });
    expect(jobs.matchingResources(['count/jobs.batch', 'count/jobs'])).toEqual([
      'count/jobs.batch',
    ]);
    expect(jobs.handles('UPDATE')).toBe(false);
  });
});

describe('prettyPrint', () => {
  it('sorts by name and prints each quantity canonically', () => {
    expect(
      prettyPrint(
        parseResourceList({
          'requests.memory': '1024Mi',
          pods: '10',
          'limits.cpu': '0.1',
          cpu: '100m',
        }),
      ),
    ).toBe('cpu=100m,limits.cpu=100m,pods=10,requests.memory=1Gi');
  });
});
