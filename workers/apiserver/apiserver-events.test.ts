import { beforeEach, describe, expect, it } from 'vitest';
import type { Status, StatusCause } from '../api/errors.ts';
import type { ApiResponse } from '../client/protocol.ts';
import {
  eventSummary,
  recordWatch,
  settle,
  startApiServer,
  type TestApiServer,
} from './testing.ts';

const CORE_EVENTS = '/api/v1/namespaces/default/events';
const EVENTS_V1 = '/apis/events.k8s.io/v1/namespaces/default/events';
const REGARDING = {
  kind: 'Pod',
  namespace: 'default',
  name: 'nginx',
  uid: 'pod-uid',
  apiVersion: 'v1',
};

let api: TestApiServer;

beforeEach(async () => {
  api = await startApiServer();
});

function scheduledEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: { name: 'nginx.1' },
    eventTime: '2025-01-01T00:00:01.000000Z',
    reportingController: 'default-scheduler',
    reportingInstance: 'default-scheduler-control-plane',
    action: 'Binding',
    reason: 'Scheduled',
    regarding: REGARDING,
    note: 'Successfully assigned default/nginx to node-1',
    type: 'Normal',
    ...overrides,
  };
}

/**
 * The kind that names an invalid events.k8s.io event is left open: upstream takes the first kind
 * the scheme registers for core.Event, which may print as `Event` rather than `Event.events.k8s.io`.
 */
function expectInvalid(response: ApiResponse, message: string, causes: StatusCause[]): void {
  expect(response.code).toBe(422);
  const status = response.body as Status;
  expect(status.reason).toBe('Invalid');
  expect(status.message).toMatch(
    new RegExp(` "nginx\\.1" is invalid: ${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
  );
  expect(status.details?.causes).toEqual(causes);
}

describe('events.k8s.io/v1 over the core/v1 store', () => {
  it('stores an event and serves it back in both versions', async () => {
    const created = await api.request('POST', EVENTS_V1, { body: scheduledEvent() });
    expect(created.code).toBe(201);
    expect(created.body).toMatchObject({
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      regarding: REGARDING,
      note: 'Successfully assigned default/nginx to node-1',
      reportingController: 'default-scheduler',
    });

    const core = await api.request('GET', `${CORE_EVENTS}/nginx.1`);
    expect(core.code).toBe(200);
    expect(core.body).toMatchObject({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'nginx.1', namespace: 'default' },
      involvedObject: REGARDING,
      message: 'Successfully assigned default/nginx to node-1',
      reportingComponent: 'default-scheduler',
      reportingInstance: 'default-scheduler-control-plane',
      action: 'Binding',
      reason: 'Scheduled',
      eventTime: '2025-01-01T00:00:01.000000Z',
      type: 'Normal',
    });
    expect(core.body).not.toHaveProperty('regarding');
    expect(core.body).not.toHaveProperty('note');
  });

  it('lists in the events.k8s.io/v1 shape, with its own field labels', async () => {
    await api.request('POST', EVENTS_V1, { body: scheduledEvent() });
    const response = await api.request('GET', EVENTS_V1, {
      query: { fieldSelector: 'regarding.name=nginx,reportingController=default-scheduler' },
    });
    expect(response.body).toMatchObject({
      kind: 'EventList',
      apiVersion: 'events.k8s.io/v1',
      items: [{ regarding: REGARDING }],
    });
    const core = await api.request('GET', CORE_EVENTS, {
      query: { fieldSelector: 'involvedObject.name=nginx,reportingComponent=default-scheduler' },
    });
    expect((core.body as { items: unknown[] }).items).toHaveLength(1);
  });

  it.each([
    [EVENTS_V1, 'source=default-scheduler', 'field label not supported: source'],
    [CORE_EVENTS, 'regarding.name=nginx', 'field label not supported: regarding.name'],
  ])('refuses GET %s with fieldSelector %j', async (path, fieldSelector, message) => {
    const response = await api.request('GET', path, { query: { fieldSelector } });
    expect(response).toMatchObject({ code: 400, body: { reason: 'BadRequest', message } });
  });

  it('patches an events.k8s.io/v1 event, as recorders do to count a series', async () => {
    await api.request('POST', EVENTS_V1, { body: scheduledEvent() });
    const series = { count: 2, lastObservedTime: '2025-01-01T00:00:09.000000Z' };
    const patched = await api.request('PATCH', `${EVENTS_V1}/nginx.1`, {
      body: { series },
      contentType: 'application/merge-patch+json',
    });
    expect(patched.code, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body).toMatchObject({
      apiVersion: 'events.k8s.io/v1',
      series,
      note: 'Successfully assigned default/nginx to node-1',
    });
    expect((await api.request('GET', `${CORE_EVENTS}/nginx.1`)).body).toMatchObject({ series });
  });

  it.each<[string, Record<string, unknown>, string, StatusCause[]]>([
    [
      'no eventTime',
      { eventTime: undefined },
      'eventTime: Required value',
      [{ reason: 'FieldValueRequired', message: 'Required value', field: 'eventTime' }],
    ],
    [
      'a type other than Normal or Warning',
      { type: 'Loud' },
      'type: Invalid value: "": has invalid value: Loud',
      [
        {
          reason: 'FieldValueInvalid',
          message: 'Invalid value: "": has invalid value: Loud',
          field: 'type',
        },
      ],
    ],
    [
      'no reporting controller',
      { reportingController: undefined },
      'reportingController: Required value',
      [{ reason: 'FieldValueRequired', message: 'Required value', field: 'reportingController' }],
    ],
    [
      'deprecated fields set',
      { deprecatedCount: 3 },
      'count: Invalid value: "": needs to be unset',
      [
        {
          reason: 'FieldValueInvalid',
          message: 'Invalid value: "": needs to be unset',
          field: 'count',
        },
      ],
    ],
  ])(
    'answers 422 for an events.k8s.io/v1 event with %s',
    async (_case, overrides, message, causes) => {
      expectInvalid(
        await api.request('POST', EVENTS_V1, { body: scheduledEvent(overrides) }),
        message,
        causes,
      );
    },
  );
});

describe('core/v1 events', () => {
  const legacy = (involvedObject: Record<string, unknown>): Record<string, unknown> => ({
    metadata: { name: 'nginx.1' },
    involvedObject,
    reason: 'Pulled',
    message: 'Container image "nginx" already present on machine',
    source: { component: 'kubelet', host: 'node-1' },
    firstTimestamp: '2025-01-01T00:00:01Z',
    lastTimestamp: '2025-01-01T00:00:01Z',
    count: 1,
    type: 'Normal',
  });

  it.each([
    ['a pod in the same namespace', REGARDING],
    ['a cluster-scoped node, from namespace default', { kind: 'Node', name: 'node-1' }],
  ])('accepts a legacy event about %s', async (_case, involvedObject) => {
    expect((await api.request('POST', CORE_EVENTS, { body: legacy(involvedObject) })).code).toBe(
      201,
    );
  });

  it('refuses a legacy event about an object of another namespace', async () => {
    const response = await api.request('POST', CORE_EVENTS, {
      body: legacy({ ...REGARDING, namespace: 'other' }),
    });
    expect(response.code).toBe(422);
    expect((response.body as Status).message).toBe(
      'Event "nginx.1" is invalid: involvedObject.namespace: Invalid value: "other": does not match event.namespace',
    );
  });
});

describe('the event TTL (--event-ttl, 1 h)', () => {
  const HOUR_MS = 3_600_000;
  const coreEvent = (): Record<string, unknown> => ({
    metadata: { name: 'nginx.1' },
    involvedObject: REGARDING,
    reason: 'Pulled',
    message: 'Container image "nginx" already present on machine',
    source: { component: 'kubelet', host: 'node-1' },
    count: 1,
    type: 'Normal',
  });

  async function age(ms: number): Promise<void> {
    api.clock.advanceTo(api.clock.now() + ms);
    await settle();
  }

  it.each([
    ['a core/v1 event', CORE_EVENTS, coreEvent()],
    ['an events.k8s.io/v1 event', EVENTS_V1, scheduledEvent()],
  ])('keeps %s for an hour, then etcd deletes it with its lease', async (_case, path, body) => {
    expect((await api.request('POST', path, { body })).code).toBe(201);
    const stream = recordWatch(api.server, CORE_EVENTS, {
      resourceVersion: String(api.etcd.store.revision),
      timeoutSeconds: '7200',
    });
    if ('code' in stream) throw new Error(JSON.stringify(stream.body));
    await age(HOUR_MS);
    expect((await api.request('GET', `${path}/nginx.1`)).code).toBe(200);
    // The lease holds one reuse window (60 s) longer than the TTL.
    await age(60_000);
    expect((await api.request('GET', `${path}/nginx.1`)).code).toBe(404);
    expect(eventSummary(stream.events)).toEqual(['DELETED nginx.1']);
  });

  it('counts the hour from the last write of the event', async () => {
    await api.request('POST', CORE_EVENTS, { body: coreEvent() });
    await age(HOUR_MS / 2);
    const patched = await api.request('PATCH', `${CORE_EVENTS}/nginx.1`, {
      body: { count: 2 },
      contentType: 'application/merge-patch+json',
    });
    expect(patched.code).toBe(200);
    await age(HOUR_MS);
    expect((await api.request('GET', `${CORE_EVENTS}/nginx.1`)).code).toBe(200);
    await age(HOUR_MS / 2);
    expect((await api.request('GET', `${CORE_EVENTS}/nginx.1`)).code).toBe(404);
  });

  it('stores objects of other kinds without a lease', async () => {
    await api.request('POST', '/api/v1/namespaces/default/configmaps', {
      body: { metadata: { name: 'settings' } },
    });
    const [kv] = api.etcd.store.range({ key: '/registry/configmaps/default/settings' }).kvs;
    expect(kv?.lease).toBeUndefined();
  });
});
