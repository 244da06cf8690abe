import { beforeEach, describe, expect, it } from 'vitest';
import { KUBECTL_FIXTURES } from '../../api/protobuf/kubectl-fixtures.ts';
import { bytes, envelope, field } from '../../api/protobuf/testing.ts';
import type { KubeObject } from '../../client/protocol.ts';
import { expectFailure, expectOk, startApiServer, type TestApiServer } from '../testing.ts';

const PROTOBUF = 'application/vnd.kubernetes.protobuf';
const CONFIG_MAPS = '/api/v1/namespaces/default/configmaps';

function kubectlBody(commandStart: string): Uint8Array {
  const fixture = KUBECTL_FIXTURES.find((candidate) => candidate.command.startsWith(commandStart));
  if (!fixture) throw new Error(`no fixture for ${commandStart}`);
  return Uint8Array.from(atob(fixture.body), (char) => char.charCodeAt(0));
}

let api: TestApiServer;

beforeEach(async () => {
  api = await startApiServer();
});

describe('protobuf request bodies', () => {
  it('creates the ConfigMap `kubectl create configmap` sends', async () => {
    const body = kubectlBody('kubectl create configmap');
    const created = expectOk(
      await api.request('POST', CONFIG_MAPS, { body, contentType: PROTOBUF }),
      201,
    ) as KubeObject & Record<string, unknown>;
    expect(created).toMatchObject({
      kind: 'ConfigMap',
      metadata: { name: 'cm1', namespace: 'default' },
      data: { a: 'b', empty: '' },
      binaryData: { bin: 'AAEC//4=' },
    });
    const stored = expectOk(await api.request('GET', `${CONFIG_MAPS}/cm1`));
    expect(stored).toEqual(created);
  });

  it.each([
    [
      'kubectl create namespace',
      '/api/v1/namespaces',
      { kind: 'Namespace', metadata: { name: 'ns1' } },
    ],
    [
      'kubectl create serviceaccount',
      '/api/v1/namespaces/default/serviceaccounts',
      { kind: 'ServiceAccount', metadata: { name: 'sa1' } },
    ],
  ])('creates what `%s` sends', async (command, path, expected) => {
    const body = kubectlBody(command);
    expect(
      expectOk(await api.request('POST', path, { body, contentType: PROTOBUF }), 201),
    ).toMatchObject(expected);
  });

  it('replaces a ConfigMap with a protobuf update', async () => {
    await api.request('POST', CONFIG_MAPS, {
      body: kubectlBody('kubectl create configmap'),
      contentType: PROTOBUF,
    });
    const body = envelope(
      'v1',
      'ConfigMap',
      field.message(1, field.string(1, 'cm1')),
      field.entry(2, 'a', field.string(2, 'c')),
    );
    const updated = expectOk(
      await api.request('PUT', `${CONFIG_MAPS}/cm1`, { body, contentType: PROTOBUF }),
    );
    expect(updated).toMatchObject({ data: { a: 'c' } });
    expect(updated).not.toHaveProperty('binaryData');
  });

  it('deletes with the DeleteOptions `kubectl drain --disable-eviction --grace-period=5` sends', async () => {
    // Scheduled, so that its deletion is graceful.
    const spec = { nodeName: 'node-1', containers: [{ name: 'c', image: 'nginx' }] };
    const pod = { metadata: { name: 'p1' }, spec };
    expectOk(await api.request('POST', '/api/v1/namespaces/default/pods', { body: pod }), 201);
    const body = kubectlBody('kubectl drain');
    const deleted = expectOk(
      await api.request('DELETE', '/api/v1/namespaces/default/pods/p1', {
        body,
        contentType: PROTOBUF,
      }),
    );
    expect(deleted).toMatchObject({ metadata: { deletionGracePeriodSeconds: 5 } });
  });

  it.each([
    [
      'JSON sent as protobuf',
      new TextEncoder().encode('{"kind":"ConfigMap"}'),
      'the object provided is unrecognized (must be of type ConfigMap): provided data does not appear to be a protobuf message, expected prefix [107 56 115 0] ({"kind":"ConfigMap"})',
    ],
    [
      'an envelope cut short',
      bytes([0x6b, 0x38, 0x73, 0x00, 0x0a, 0x10]),
      'the object provided is unrecognized (must be of type ConfigMap): unexpected EOF (6b3873000a10)',
    ],
    [
      'an object cut short',
      envelope('v1', 'ConfigMap', [0x0a, 0x05]),
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: unexpected EOF',
    ],
    [
      'a kind no scheme knows',
      envelope('v1', 'Widget'),
      'Widget in version "v1" cannot be handled as a ConfigMap: no kind "Widget" is registered for version "v1" in scheme "pkg/api/legacyscheme/scheme.go:30"',
    ],
  ])('rejects %s as kube-apiserver does', async (_, body, message) => {
    expectFailure(
      await api.request('POST', CONFIG_MAPS, { body, contentType: PROTOBUF }),
      400,
      'BadRequest',
      message,
    );
  });

  it('fails a DELETE whose DeleteOptions do not decode with the decoder’s error', async () => {
    await api.request('POST', CONFIG_MAPS, {
      body: kubectlBody('kubectl create configmap'),
      contentType: PROTOBUF,
    });
    const response = await api.request('DELETE', `${CONFIG_MAPS}/cm1`, {
      body: envelope('v1', 'Pod'),
      contentType: PROTOBUF,
    });
    expect(response.code).toBe(500);
    expect(response).toMatchObject({
      body: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message:
          'no kind "Pod" is registered for version "v1" in scheme "pkg/apis/meta/internalversion/scheme/register.go:27"',
        code: 500,
      },
    });
  });
});
