import type { Pod, ResourceRequirements } from 'kubernetes-types/core/v1';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Status, StatusCause } from '../api/errors.ts';
import { startApiServer, type TestApiServer } from './testing.ts';

const PODS = '/api/v1/namespaces/default/pods';
const SAFE_SUFFIX = '[bcdfghjklmnpqrstvwxz2456789]{5}';

function podBody(name: string, spec: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { containers: [{ name: 'nginx', image: 'nginx' }], ...spec },
  };
}

function withResources(resources: ResourceRequirements): Record<string, unknown> {
  return { containers: [{ name: 'app', image: 'app:1', resources }] };
}

let api: TestApiServer;

beforeEach(async () => {
  api = await startApiServer();
});

async function createPod(body: Record<string, unknown>): Promise<Pod> {
  const response = await api.request('POST', PODS, { body });
  expect(response.code, JSON.stringify(response.body)).toBe(201);
  return response.body as Pod;
}

describe('creating a pod', () => {
  it('answers 201 with the system fields set', async () => {
    const pod = await createPod(podBody('nginx'));
    expect(pod.metadata?.uid).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(pod.metadata?.creationTimestamp).toBe('2025-01-01T00:00:00Z');
    expect(pod.metadata?.resourceVersion).toMatch(/^[1-9]\d*$/);
    expect(pod.metadata?.namespace).toBe('default');
    expect(pod.metadata?.generation).toBeUndefined();
  });

  it('applies the scheme defaults of the pod and its containers', async () => {
    const pod = await createPod(podBody('nginx'));
    expect(pod.spec).toMatchObject({
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      terminationGracePeriodSeconds: 30,
      schedulerName: 'default-scheduler',
      securityContext: {},
      enableServiceLinks: true,
    });
    expect(pod.spec?.containers[0]).toMatchObject({
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
      resources: {},
    });
  });

  it.each([
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['nginx:1.27', 'IfNotPresent'],
    ['registry.example.com:5000/nginx', 'Always'],
    [
      'nginx@sha256:0000000000000000000000000000000000000000000000000000000000000000',
      'IfNotPresent',
    ],
  ])('defaults imagePullPolicy of %s to %s', async (image, policy) => {
    const pod = await createPod(podBody('p', { containers: [{ name: 'c', image }] }));
    expect(pod.spec?.containers[0]?.imagePullPolicy).toBe(policy);
  });

  it('runs the mutating admission plugins: service account, priority, default tolerations', async () => {
    const pod = await createPod(podBody('nginx'));
    const spec = pod.spec;
    expect(spec?.serviceAccountName).toBe('default');
    expect(spec?.serviceAccount).toBe('default');
    const volume = spec?.volumes?.[0];
    expect(volume?.name).toMatch(new RegExp(`^kube-api-access-${SAFE_SUFFIX}$`));
    expect(volume?.projected).toEqual({
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        {
          downwardAPI: {
            items: [
              {
                path: 'namespace',
                fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' },
              },
            ],
          },
        },
      ],
    });
    expect(spec?.containers[0]?.volumeMounts).toEqual([
      {
        name: volume?.name,
        readOnly: true,
        mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
      },
    ]);
    expect(spec?.priority).toBe(0);
    expect(spec?.preemptionPolicy).toBe('PreemptLowerPriority');
    expect(spec?.tolerations).toEqual([
      {
        key: 'node.kubernetes.io/not-ready',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
      {
        key: 'node.kubernetes.io/unreachable',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
    ]);
  });

  it('mounts no token when the pod opts out', async () => {
    const pod = await createPod(podBody('nginx', { automountServiceAccountToken: false }));
    expect(pod.spec?.volumes).toBeUndefined();
    expect(pod.spec?.containers[0]?.volumeMounts).toBeUndefined();
  });

  it('keeps a toleration that already covers the not-ready taint', async () => {
    const pod = await createPod(
      podBody('nginx', {
        tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists' }],
      }),
    );
    expect(pod.spec?.tolerations?.map((toleration) => toleration.key)).toEqual([
      'node.kubernetes.io/not-ready',
      'node.kubernetes.io/unreachable',
    ]);
  });

  it('resolves a system priority class', async () => {
    const pod = await createPod(podBody('nginx', { priorityClassName: 'system-node-critical' }));
    expect(pod.spec?.priority).toBe(2000001000);
  });

  it('discards the status the client sent, keeping only Pending and the QoS class', async () => {
    const pod = await createPod({
      ...podBody('nginx'),
      status: { phase: 'Running', podIP: '10.0.0.9' },
    });
    expect(pod.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['no resources', { containers: [{ name: 'a', image: 'a' }] }, 'BestEffort'],
    ['a cpu request only', withResources({ requests: { cpu: '100m' } }), 'Burstable'],
    [
      'requests below limits',
      withResources({
        requests: { cpu: '100m', memory: '64Mi' },
        limits: { cpu: '1', memory: '128Mi' },
      }),
      'Burstable',
    ],
    [
      'equal cpu and memory requests and limits',
      withResources({ requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } }),
      'Guaranteed',
    ],
    [
      'cpu and memory limits only (requests default to them)',
      withResources({ limits: { cpu: '500m', memory: '256Mi' } }),
      'Guaranteed',
    ],
    ['a cpu limit without a memory limit', withResources({ limits: { cpu: '1' } }), 'Burstable'],
    ['zero requests', withResources({ requests: { cpu: '0', memory: '0' } }), 'BestEffort'],
    [
      'one guaranteed and one best-effort container',
      {
        containers: [
          { name: 'a', image: 'a', resources: { limits: { cpu: '1', memory: '1Gi' } } },
          { name: 'b', image: 'b' },
        ],
      },
      'Burstable',
    ],
  ])('computes the QoS class of a pod with %s', async (_case, spec, qosClass) => {
    const pod = await createPod(podBody('p', spec));
    expect(pod.status?.qosClass).toBe(qosClass);
  });

  it('defaults each missing request to its limit', async () => {
    const pod = await createPod(
      podBody(
        'p',
        withResources({ requests: { cpu: '250m' }, limits: { cpu: '1', memory: '1Gi' } }),
      ),
    );
    expect(pod.spec?.containers[0]?.resources).toEqual({
      requests: { cpu: '250m', memory: '1Gi' },
      limits: { cpu: '1', memory: '1Gi' },
    });
  });

  it('names a pod from generateName with five characters of the safe alphabet', async () => {
    const pod = await createPod({ ...podBody(''), metadata: { generateName: 'web-' } });
    expect(pod.metadata?.name).toMatch(new RegExp(`^web-${SAFE_SUFFIX}$`));
    expect(pod.metadata?.generateName).toBe('web-');
  });

  it('truncates a generateName prefix to 58 characters', async () => {
    const pod = await createPod({ ...podBody(''), metadata: { generateName: 'a'.repeat(70) } });
    expect(pod.metadata?.name).toMatch(new RegExp(`^a{58}${SAFE_SUFFIX}$`));
  });
});

describe('refusing a create', () => {
  function expectStatus(
    response: { code: number; body: unknown },
    expected: Partial<Status>,
  ): void {
    expect(response.code).toBe(expected.code);
    expect(response.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      ...expected,
    });
  }

  it('answers 409 AlreadyExists for a taken name', async () => {
    await createPod(podBody('nginx'));
    expectStatus(await api.request('POST', PODS, { body: podBody('nginx') }), {
      message: 'pods "nginx" already exists',
      reason: 'AlreadyExists',
      details: { name: 'nginx', kind: 'pods' },
      code: 409,
    });
  });

  it.each([
    ['pods', podBody('nginx')],
    ['configmaps', { metadata: { name: 'settings' } }],
  ])('answers 404 for %s in a namespace that does not exist', async (resource, body) => {
    expectStatus(await api.request('POST', `/api/v1/namespaces/nope/${resource}`, { body }), {
      message: 'namespaces "nope" not found',
      reason: 'NotFound',
      details: { name: 'nope', kind: 'namespaces' },
      code: 404,
    });
  });

  it('answers 403 in a namespace being terminated, with the NamespaceTerminating cause', async () => {
    await api.request('POST', '/api/v1/namespaces', { body: { metadata: { name: 'doomed' } } });
    await api.request('DELETE', '/api/v1/namespaces/doomed');
    expectStatus(
      await api.request('POST', '/api/v1/namespaces/doomed/configmaps', {
        body: { metadata: { name: 'settings' } },
      }),
      {
        message:
          'configmaps "settings" is forbidden: unable to create new content in namespace doomed because it is being terminated',
        reason: 'Forbidden',
        details: {
          name: 'settings',
          kind: 'configmaps',
          causes: [
            {
              reason: 'NamespaceTerminating' as StatusCause['reason'],
              message: 'namespace doomed is being terminated',
              field: 'metadata.namespace',
            },
          ],
        },
        code: 403,
      },
    );
  });

  it.each([
    [
      'a missing service account',
      podBody('nginx', { serviceAccountName: 'robot' }),
      'pods "nginx" is forbidden: error looking up service account default/robot: serviceaccount "robot" not found',
    ],
    [
      'an unknown priority class',
      podBody('nginx', { priorityClassName: 'gold' }),
      'pods "nginx" is forbidden: no PriorityClass with name gold was found',
    ],
    [
      'a priority of its own',
      podBody('nginx', { priority: 5 }),
      'pods "nginx" is forbidden: the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 0 from the given PriorityClass name',
    ],
    [
      'a preemption policy other than the computed one',
      podBody('nginx', { preemptionPolicy: 'Never' }),
      'pods "nginx" is forbidden: the string value of PreemptionPolicy (Never) must not be provided in pod spec; priority admission controller computed PreemptLowerPriority from the given PriorityClass name',
    ],
  ])('answers 403 for a pod with %s', async (_case, body, message) => {
    expectStatus(await api.request('POST', PODS, { body }), {
      message,
      reason: 'Forbidden',
      details: { name: 'nginx', kind: 'pods' },
      code: 403,
    });
  });

  it('names a generated pod by its prefix in admission errors', async () => {
    await api.request('POST', '/api/v1/namespaces', { body: { metadata: { name: 'fresh' } } });
    const response = await api.request('POST', '/api/v1/namespaces/fresh/pods', {
      body: { ...podBody(''), metadata: { generateName: 'web-' } },
    });
    expect((response.body as Status).message).toBe(
      'pods "web-" is forbidden: error looking up service account fresh/default: serviceaccount "default" not found',
    );
  });

  const SUBDOMAIN_MESSAGE =
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
  const LABEL_MESSAGE =
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

  it.each<[string, Record<string, unknown>, string, StatusCause[]]>([
    [
      'a container without an image',
      podBody('nginx', { containers: [{ name: 'nginx' }] }),
      'Pod "nginx" is invalid: spec.containers[0].image: Required value',
      [
        {
          reason: 'FieldValueRequired',
          message: 'Required value',
          field: 'spec.containers[0].image',
        },
      ],
    ],
    [
      'no containers',
      { metadata: { name: 'nginx' }, spec: {} },
      'Pod "nginx" is invalid: spec.containers: Required value',
      [{ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.containers' }],
    ],
    [
      'a name that is not a DNS subdomain',
      podBody('My_Pod'),
      `Pod "My_Pod" is invalid: metadata.name: Invalid value: "My_Pod": ${SUBDOMAIN_MESSAGE}`,
      [
        {
          reason: 'FieldValueInvalid',
          message: `Invalid value: "My_Pod": ${SUBDOMAIN_MESSAGE}`,
          field: 'metadata.name',
        },
      ],
    ],
    [
      'a container name that is not a DNS label',
      podBody('nginx', { containers: [{ name: 'My_App', image: 'nginx' }] }),
      `Pod "nginx" is invalid: spec.containers[0].name: Invalid value: "My_App": ${LABEL_MESSAGE}`,
      [
        {
          reason: 'FieldValueInvalid',
          message: `Invalid value: "My_App": ${LABEL_MESSAGE}`,
          field: 'spec.containers[0].name',
        },
      ],
    ],
    [
      'an unsupported restartPolicy',
      podBody('nginx', { restartPolicy: 'Sometimes' }),
      'Pod "nginx" is invalid: spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
      [
        {
          reason: 'FieldValueNotSupported',
          message:
            'Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
          field: 'spec.restartPolicy',
        },
      ],
    ],
    [
      'a cpu request above its limit',
      podBody('nginx', withResources({ requests: { cpu: '2' }, limits: { cpu: '1' } })),
      'Pod "nginx" is invalid: spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
      [
        {
          reason: 'FieldValueInvalid',
          message: 'Invalid value: "2": must be less than or equal to cpu limit of 1',
          field: 'spec.containers[0].resources.requests',
        },
      ],
    ],
    [
      'two errors, aggregated in upstream order',
      podBody('nginx', { containers: [{ name: 'app', image: 'a' }, { name: 'app' }] }),
      'Pod "nginx" is invalid: [spec.containers[1].image: Required value, spec.containers[1].name: Duplicate value: "app"]',
      [
        {
          reason: 'FieldValueRequired',
          message: 'Required value',
          field: 'spec.containers[1].image',
        },
        {
          reason: 'FieldValueDuplicate',
          message: 'Duplicate value: "app"',
          field: 'spec.containers[1].name',
        },
      ],
    ],
  ])('answers 422 for a pod with %s', async (_case, body, message, causes) => {
    const name = (body.metadata as { name: string }).name;
    expectStatus(await api.request('POST', PODS, { body }), {
      message,
      reason: 'Invalid',
      details: { name, kind: 'Pod', causes },
      code: 422,
    });
  });

  it('answers 400 for a quantity that does not parse, before any validation', async () => {
    expectStatus(
      await api.request('POST', PODS, {
        body: podBody('nginx', {
          containers: [{ name: 'c', resources: { limits: { cpu: 'abc' } } }],
        }),
      }),
      {
        message:
          'Pod in version "v1" cannot be handled as a Pod: quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\'',
        reason: 'BadRequest',
        code: 400,
      },
    );
  });

  it('answers 400 when the body names another namespace', async () => {
    const body = { ...podBody('nginx'), metadata: { name: 'nginx', namespace: 'kube-system' } };
    expectStatus(await api.request('POST', PODS, { body }), {
      message:
        'the namespace of the provided object does not match the namespace sent on the request',
      reason: 'BadRequest',
      code: 400,
    });
  });

  it.each([
    ['POST', '/api/v1/namespaces/default/widgets'],
    ['GET', '/apis/example.com/v1/widgets'],
    ['GET', '/api/v2/pods'],
    ['GET', '/api/v1/namespaces/default/nodes'],
    ['GET', '/api/v1/namespaces/default/pods/nginx/logs'],
  ] as const)('answers %s %s with the bare 404 of an unknown path', async (verb, path) => {
    const response = await api.request(verb, path, { body: {} });
    expect(response).toMatchObject({ code: 404 });
    expect(response.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'the server could not find the requested resource',
      reason: 'NotFound',
      details: {},
      code: 404,
    });
  });
});
