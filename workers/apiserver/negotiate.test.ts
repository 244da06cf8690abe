import type { Node, Pod } from 'kubernetes-types/core/v1';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ApiResponse, KubeObject, WatchEvent } from '../client/protocol.ts';
import { ADMIN_USER } from '../host/kubectl-actor.ts';
import { negotiate, parseAccept } from './negotiate.ts';
import { OBJECT_META_DOCS } from './printers/table.ts';
import { expectFailure, expectOk, startApiServer, type TestApiServer } from './testing.ts';

/** What kubectl get sends. */
const TABLE =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
const PODS = '/api/v1/namespaces/default/pods';
const MERGE_PATCH = 'application/merge-patch+json';

let api: TestApiServer;

beforeEach(async () => {
  api = await startApiServer();
});

async function createPod(name: string): Promise<Pod> {
  const response = await api.request('POST', PODS, {
    body: {
      metadata: { name, labels: { app: name } },
      spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
    },
  });
  return expectOk(response, 201) as Pod;
}

/** What the kubelet reports once the container runs. */
async function markRunning(name: string, startedAt: string): Promise<Pod> {
  const response = await api.request('PATCH', `${PODS}/${name}/status`, {
    contentType: MERGE_PATCH,
    body: {
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True' }],
        podIP: '10.244.1.7',
        podIPs: [{ ip: '10.244.1.7' }],
        startTime: startedAt,
        containerStatuses: [
          {
            name: 'nginx',
            image: 'nginx:1.27',
            imageID: 'docker.io/library/nginx@sha256:1',
            ready: true,
            started: true,
            restartCount: 0,
            state: { running: { startedAt } },
          },
        ],
      },
    },
  });
  return expectOk(response) as Pod;
}

async function bindPod(name: string, node: string): Promise<void> {
  const response = await api.request('POST', `${PODS}/${name}/binding`, {
    body: {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name },
      target: { apiVersion: 'v1', kind: 'Node', name: node },
    },
  });
  expectOk(response, 201);
}

function get(
  path: string,
  accept: string,
  query: Record<string, string> = {},
): Promise<ApiResponse> {
  return api.request('GET', path, { accept, query });
}

const partial = (object: KubeObject, version = 'v1') => ({
  kind: 'PartialObjectMetadata',
  apiVersion: `meta.k8s.io/${version}`,
  metadata: object.metadata,
});

const POD_COLUMNS = [
  ['Name', 'string', 'name', 0],
  ['Ready', 'string', '', 0],
  ['Status', 'string', '', 0],
  ['Restarts', 'string', '', 0],
  ['Age', 'string', '', 0],
  ['IP', 'string', '', 1],
  ['Node', 'string', '', 1],
  ['Nominated Node', 'string', '', 1],
  ['Readiness Gates', 'string', '', 1],
];

describe('Table responses', () => {
  it('answers kubectl get pods with a Table whose rows carry PartialObjectMetadata', async () => {
    const db = await createPod('db');
    const web = await createPod('web');
    await bindPod('web', 'node-1');
    const started = new Date(api.clock.now() + 20_000).toISOString().replace('.000Z', 'Z');
    const running = await markRunning('web', started);
    api.clock.advanceTo(api.clock.now() + 5 * 60_000);
    const list = expectOk(await api.request('GET', PODS)) as {
      metadata: { resourceVersion: string };
    };

    const response = await get(PODS, TABLE, { limit: '500' });

    expect(response.contentType).toBe('application/json');
    const table = expectOk(response) as { columnDefinitions: Record<string, unknown>[] };
    expect(
      table.columnDefinitions.map(({ name, type, format, priority }) => [
        name,
        type,
        format,
        priority,
      ]),
    ).toEqual(POD_COLUMNS);
    expect(table).toEqual({
      kind: 'Table',
      apiVersion: 'meta.k8s.io/v1',
      metadata: { resourceVersion: list.metadata.resourceVersion },
      columnDefinitions: table.columnDefinitions,
      rows: [
        {
          cells: ['db', '0/1', 'Pending', '0', '5m', '<none>', '<none>', '<none>', '<none>'],
          object: partial(db),
        },
        {
          cells: ['web', '1/1', 'Running', '0', '5m', '10.244.1.7', 'node-1', '<none>', '<none>'],
          object: partial({ ...web, metadata: running.metadata }),
        },
      ],
    });
  });

  it('answers a single node with a one-row Table at the node resourceVersion', async () => {
    const created = expectOk(
      await api.request('POST', '/api/v1/nodes', {
        body: {
          metadata: { name: 'node-1', labels: { 'node-role.kubernetes.io/control-plane': '' } },
          spec: { unschedulable: true },
          status: {
            conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }],
            addresses: [{ type: 'InternalIP', address: '172.18.0.2' }],
            nodeInfo: {
              kubeletVersion: 'v1.32.4',
              osImage: 'Debian GNU/Linux 12 (bookworm)',
              kernelVersion: '6.8.0',
              containerRuntimeVersion: 'containerd://1.7.24',
              architecture: 'amd64',
              operatingSystem: 'linux',
            },
          },
        },
      }),
      201,
    ) as Node;
    api.clock.advanceTo(api.clock.now() + 3 * 3600_000);

    const response = await get('/api/v1/nodes/node-1', TABLE);

    const addresses =
      "List of addresses reachable to the node. Queried from cloud provider, if available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses Note: This field is declared as mergeable, but the merge key is not sufficiently unique, which can cause data corruption when it is merged. Callers should instead use a full-replacement patch. See https://pr.k8s.io/79391 for an example. Consumers should assume that addresses can change during the lifetime of a Node. However, there are some exceptions where this may not be possible, such as Pods that inherit a Node's address in its own status or consumers of the downward API (status.hostIP).";
    expect(expectOk(response)).toEqual({
      kind: 'Table',
      apiVersion: 'meta.k8s.io/v1',
      metadata: { resourceVersion: created.metadata?.resourceVersion },
      columnDefinitions: [
        {
          name: 'Name',
          type: 'string',
          format: 'name',
          description: OBJECT_META_DOCS.name,
          priority: 0,
        },
        {
          name: 'Status',
          type: 'string',
          format: '',
          description: 'The status of the node',
          priority: 0,
        },
        {
          name: 'Roles',
          type: 'string',
          format: '',
          description: 'The roles of the node',
          priority: 0,
        },
        {
          name: 'Age',
          type: 'string',
          format: '',
          description: OBJECT_META_DOCS.creationTimestamp,
          priority: 0,
        },
        {
          name: 'Version',
          type: 'string',
          format: '',
          description: 'Kubelet Version reported by the node.',
          priority: 0,
        },
        { name: 'Internal-IP', type: 'string', format: '', description: addresses, priority: 1 },
        { name: 'External-IP', type: 'string', format: '', description: addresses, priority: 1 },
        {
          name: 'OS-Image',
          type: 'string',
          format: '',
          description:
            'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).',
          priority: 1,
        },
        {
          name: 'Kernel-Version',
          type: 'string',
          format: '',
          description:
            "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).",
          priority: 1,
        },
        {
          name: 'Container-Runtime',
          type: 'string',
          format: '',
          description:
            'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).',
          priority: 1,
        },
      ],
      rows: [
        {
          cells: [
            'node-1',
            'Ready,SchedulingDisabled',
            'control-plane',
            '3h',
            'v1.32.4',
            '172.18.0.2',
            '<none>',
            'Debian GNU/Linux 12 (bookworm)',
            '6.8.0',
            'containerd://1.7.24',
          ],
          object: partial(created),
        },
      ],
    });
  });

  it.each([
    ['None', () => null],
    ['Metadata', (pod: Pod) => partial(pod)],
    ['', (pod: Pod) => partial(pod)],
    ['Object', (pod: Pod) => pod],
  ])('puts includeObject=%s in each row', async (includeObject, expected) => {
    await createPod('web');
    const pod = expectOk(await api.request('GET', `${PODS}/web`)) as Pod;
    const table = expectOk(await get(PODS, TABLE, { includeObject })) as {
      rows: { object: unknown }[];
    };
    expect(table.rows.map((row) => row.object)).toEqual([expected(pod)]);
  });

  it('rejects an includeObject it does not know', async () => {
    expectFailure(
      await get(PODS, TABLE, { includeObject: 'Everything' }),
      400,
      'BadRequest',
      `Unable to convert to Table as requested: includeObject: Invalid value: "Everything": must be 'Metadata', 'Object', 'None', or empty`,
    );
  });

  it('answers meta.k8s.io/v1beta1 Tables when that is the first acceptable clause', async () => {
    const pod = await createPod('web');
    const table = expectOk(
      await get(PODS, 'application/json;as=Table;v=v1beta1;g=meta.k8s.io'),
    ) as { apiVersion: string; rows: { object: unknown }[] };
    expect(table.apiVersion).toBe('meta.k8s.io/v1beta1');
    expect(table.rows[0]?.object).toEqual(partial(pod, 'v1beta1'));
  });

  it('answers an empty list with no rows', async () => {
    const table = expectOk(await get('/api/v1/namespaces/kube-public/pods', TABLE)) as {
      rows: unknown;
    };
    expect(table.rows).toEqual([]);
  });

  it('prints events.k8s.io Events with the core Event columns and serves them in their version', async () => {
    const event = {
      metadata: { name: 'web.1' },
      involvedObject: { kind: 'Pod', namespace: 'default', name: 'web' },
      reason: 'Pulled',
      message: 'Container image "nginx:1.27" already present on machine',
      type: 'Normal',
      source: { component: 'kubelet', host: 'node-1' },
      firstTimestamp: '2025-01-01T00:00:00Z',
      lastTimestamp: '2025-01-01T00:00:00Z',
      count: 1,
    };
    expectOk(await api.request('POST', '/api/v1/namespaces/default/events', { body: event }), 201);
    api.clock.advanceTo(api.clock.now() + 42_000);
    const core = expectOk(await get('/api/v1/namespaces/default/events', TABLE)) as {
      rows: { cells: unknown[] }[];
    };
    const v1 = expectOk(
      await get('/apis/events.k8s.io/v1/namespaces/default/events', TABLE, {
        includeObject: 'Object',
      }),
    ) as { rows: { cells: unknown[]; object: KubeObject }[] };

    expect(core.rows[0]?.cells).toEqual([
      '42s',
      'Normal',
      'Pulled',
      'pod/web',
      '',
      'kubelet, node-1',
      'Container image "nginx:1.27" already present on machine',
      '42s',
      1,
      'web.1',
    ]);
    expect(v1.rows[0]?.cells).toEqual(core.rows[0]?.cells);
    expect(v1.rows[0]?.object).toMatchObject({
      kind: 'Event',
      apiVersion: 'events.k8s.io/v1',
      regarding: { kind: 'Pod', name: 'web' },
      note: 'Container image "nginx:1.27" already present on machine',
    });
  });

  it('answers a create with a Table of the created object when asked', async () => {
    const response = await api.request('POST', '/api/v1/namespaces/default/configmaps', {
      accept: TABLE,
      body: { metadata: { name: 'settings' }, data: { a: '1', b: '2' } },
    });
    const table = expectOk(response, 201) as { rows: { cells: unknown[] }[] };
    expect(table.rows.map((row) => row.cells)).toEqual([['settings', 2, '0s']]);
  });

  it('answers failures with the Status, untransformed', async () => {
    const response = await get(`${PODS}/missing`, TABLE);
    expectFailure(response, 404, 'NotFound', 'pods "missing" not found');
    expect(response.contentType).toBe('application/json');
  });
});

describe('other media types', () => {
  it('serves YAML as the same object under application/yaml', async () => {
    const pod = await createPod('web');
    const response = await get(`${PODS}/web`, 'application/yaml');
    expect(response).toEqual({
      code: 200,
      body: expectOk(await api.request('GET', `${PODS}/web`)),
      contentType: 'application/yaml',
    });
    expect((response.body as Pod).metadata?.uid).toBe(pod.metadata?.uid);
  });

  it('serves PartialObjectMetadata for an object and PartialObjectMetadataList for a list', async () => {
    const pod = await createPod('web');
    const list = expectOk(await api.request('GET', PODS)) as {
      metadata: { resourceVersion: string };
    };
    expect(
      expectOk(
        await get(`${PODS}/web`, 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1'),
      ),
    ).toEqual(partial(pod));
    expect(
      expectOk(
        await get(
          PODS,
          'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json',
        ),
      ),
    ).toEqual({
      kind: 'PartialObjectMetadataList',
      apiVersion: 'meta.k8s.io/v1',
      metadata: { resourceVersion: list.metadata.resourceVersion },
      items: [partial(pod)],
    });
  });

  it.each([
    [
      PODS,
      'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1',
      'you requested PartialObjectMetadata, but the requested object is a list (*core.PodList)',
    ],
    [
      `${PODS}/web`,
      'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1',
      'you requested PartialObjectMetadataList, but the requested object is not a list (*core.Pod)',
    ],
    [
      '/apis/events.k8s.io/v1/namespaces/default/events',
      'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1',
      'you requested PartialObjectMetadata, but the requested object is a list (*core.EventList)',
    ],
  ])('refuses %s as %s', async (path, accept, message) => {
    await createPod('web');
    expectFailure(await get(path, accept), 406, 'NotAcceptable', message);
  });

  it.each([
    'application/vnd.kubernetes.protobuf',
    'text/html',
    'application/json;as=Table;v=v2;g=meta.k8s.io',
    'application/json;as=Deployment;v=v1;g=apps',
  ])('refuses Accept: %s with 406 NotAcceptable', async (accept) => {
    expectFailure(
      await get(PODS, accept),
      406,
      'NotAcceptable',
      'only the following media types are accepted: application/json, application/yaml',
    );
  });

  it('refuses a write it could not answer before making it', async () => {
    const response = await api.request('POST', '/api/v1/namespaces/default/configmaps', {
      accept: 'application/vnd.kubernetes.protobuf',
      body: { metadata: { name: 'settings' } },
    });
    expect(response.code).toBe(406);
    expect((await api.request('GET', '/api/v1/namespaces/default/configmaps/settings')).code).toBe(
      404,
    );
  });

  it.each([
    ['application/vnd.kubernetes.protobuf, application/json', 'application/json', undefined],
    [
      'application/vnd.kubernetes.protobuf;as=Table;v=v1;g=meta.k8s.io, application/json',
      'application/json',
      undefined,
    ],
    ['*/*', 'application/json', undefined],
    ['application/*', 'application/json', undefined],
    ['text/plain, application/yaml', 'application/yaml', undefined],
    ['application/json;q=0.5, application/yaml', 'application/yaml', undefined],
    ['*/*;q=1, application/json;as=Table;v=v1;g=meta.k8s.io;q=0.2', 'application/json', 'Table'],
    ['application/yaml;as=Table;v=v1;g=meta.k8s.io', 'application/yaml', 'Table'],
    ['application/yaml;stream=watch, application/json', 'application/json', undefined],
  ])('negotiates %s as %s', (accept, mediaType, kind) => {
    const negotiated = negotiate(accept);
    expect(negotiated?.serializer.mediaType).toBe(mediaType);
    expect(negotiated?.convert?.kind).toBe(kind);
  });
});

describe('parseAccept', () => {
  it('orders clauses as goautoneg sorts them and drops malformed ones', () => {
    expect(
      parseAccept(
        '*/*;q=0.8, text/*, application/json;v=1 ;q=0.9, application/yaml, bad, a/b/c',
      ).map(
        (clause) =>
          `${clause.type}/${clause.subType} q=${clause.q} ${[...clause.params].join(';')}`,
      ),
    ).toEqual([
      // goautoneg's Less is not a strict order: a concrete subtype beats a wildcard even at a
      // lower quality, and the insertion sort keeps what that gives.
      'application/yaml q=1 ',
      'application/json q=0.9 v,1',
      'text/* q=1 ',
      '*/* q=0.8 ',
    ]);
  });
});

describe('watch as Table', () => {
  function watch(accept: string, query: Record<string, string> = {}) {
    const events: WatchEvent[] = [];
    const result = api.server.watch(
      { verb: 'GET', path: PODS, query: { watch: 'true', ...query }, accept, user: ADMIN_USER },
      { send: (event) => events.push(event), end: () => undefined },
    );
    return { events, result };
  }

  it('sends each change as a one-row Table, with column definitions on the first event only', async () => {
    const { events, result } = watch(TABLE, { resourceVersion: '0' });
    expect('code' in result).toBe(false);
    await createPod('web');
    api.clock.advanceTo(api.clock.now() + 30_000);
    await bindPod('web', 'node-1');
    expectOk(await api.request('DELETE', `${PODS}/web`, { body: { gracePeriodSeconds: 0 } }));

    const tables = events.map(
      (event) =>
        event.object as unknown as {
          kind: string;
          metadata: { resourceVersion: string };
          columnDefinitions: unknown[] | null;
          rows: { cells: unknown[]; object: KubeObject }[];
        },
    );
    expect(events.map((event) => event.type)).toEqual(['ADDED', 'MODIFIED', 'MODIFIED', 'DELETED']);
    expect(tables.map((table) => table.kind)).toEqual(['Table', 'Table', 'Table', 'Table']);
    expect(tables.map((table) => table.columnDefinitions?.length ?? null)).toEqual([
      9,
      null,
      null,
      null,
    ]);
    expect(tables.map((table) => table.rows.map((row) => row.cells.slice(0, 7)))).toEqual([
      [['web', '0/1', 'Pending', '0', '0s', '<none>', '<none>']],
      [['web', '0/1', 'Pending', '0', '30s', '<none>', 'node-1']],
      [['web', '0/1', 'Terminating', '0', '30s', '<none>', 'node-1']],
      [['web', '0/1', 'Terminating', '0', '30s', '<none>', 'node-1']],
    ]);
    for (const table of tables) {
      const [row] = table.rows;
      expect(row?.object.kind).toBe('PartialObjectMetadata');
      expect(table.metadata).toEqual({ resourceVersion: row?.object.metadata?.resourceVersion });
    }
  });

  it('sends PartialObjectMetadata events to metadata watchers', async () => {
    const { events } = watch('application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1');
    const pod = await createPod('web');
    expect(events).toEqual([{ type: 'ADDED', object: partial(pod) }]);
  });

  it.each([
    [
      'application/yaml',
      406,
      'only the following media types are accepted: application/json;stream=watch',
    ],
    [
      'text/html',
      406,
      'only the following media types are accepted: application/json, application/yaml',
    ],
  ])('refuses a watch as %s', (accept, code, message) => {
    const { result } = watch(accept);
    expectFailure(result as ApiResponse, code, 'NotAcceptable', message);
  });
});
