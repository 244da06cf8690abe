import type { Pod } from 'kubernetes-types/core/v1';
import { beforeEach, describe, expect, it } from 'vitest';
import { expectFailure, expectOk, startApiServer, type TestApiServer } from '../testing.ts';
import { summarizeData } from './decode.ts';

const PODS = '/api/v1/namespaces/default/pods';
const REPLICASETS = '/apis/apps/v1/namespaces/default/replicasets';
const JSON_TYPE = 'application/json';

const TYPO_POD = JSON.stringify({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'typo' },
  spec: { containers: [{ name: 'nginx', imagee: 'nginx', image: 'nginx' }] },
});

let api: TestApiServer;

beforeEach(async () => {
  api = await startApiServer();
});

function post(body: string, query: Record<string, string> = {}, contentType = JSON_TYPE) {
  return api.request('POST', PODS, { body, query, contentType });
}

describe('field validation of create and update bodies', () => {
  it('fails an unknown field under Strict, naming its path', async () => {
    expectFailure(
      await post(TYPO_POD, { fieldValidation: 'Strict' }),
      400,
      'BadRequest',
      'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].imagee"',
    );
  });

  it('warns by default and drops the unknown field', async () => {
    const response = await post(TYPO_POD);
    expectOk(response, 201);
    expect(response.warnings).toEqual(['unknown field "spec.containers[0].imagee"']);
    expect((response.body as Pod).spec?.containers[0]).not.toHaveProperty('imagee');
  });

  it('says nothing under Ignore', async () => {
    const response = await post(TYPO_POD, { fieldValidation: 'Ignore' });
    expectOk(response, 201);
    expect(response.warnings).toBeUndefined();
  });

  it('fails duplicate fields under Strict, after the unknown ones found before them', async () => {
    const body =
      '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a","bogus":1,"name":"b"},' +
      '"spec":{"containers":[{"name":"c","image":"i"}]}}';
    expectFailure(
      await post(body, { fieldValidation: 'Strict' }),
      400,
      'BadRequest',
      'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "metadata.bogus", duplicate field "metadata.name"',
    );
  });

  it('keeps the last of duplicate fields under Warn', async () => {
    const body =
      '{"metadata":{"name":"first","name":"last"},"spec":{"containers":[{"name":"c","image":"i"}]}}';
    const response = await post(body);
    expect((expectOk(response, 201) as Pod).metadata?.name).toBe('last');
    expect(response.warnings).toEqual(['duplicate field "metadata.name"']);
  });

  it('checks updates the same way', async () => {
    expectOk(await post(TYPO_POD), 201);
    const current = (await api.request('GET', `${PODS}/typo`)).body as Pod;
    const body = JSON.stringify({ ...current, spec: { ...current.spec, nodeNamee: 'x' } });
    expectFailure(
      await api.request('PUT', `${PODS}/typo`, {
        body,
        contentType: JSON_TYPE,
        query: { fieldValidation: 'Strict' },
      }),
      400,
      'BadRequest',
      'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.nodeNamee"',
    );
  });

  it.each([
    ['POST', PODS, 'CreateOptions'],
    ['PUT', `${PODS}/x`, 'UpdateOptions'],
  ] as const)('rejects an unsupported fieldValidation on %s', async (verb, path, options) => {
    const response = await api.request(verb, path, {
      body: TYPO_POD,
      contentType: JSON_TYPE,
      query: { fieldValidation: 'Loud' },
    });
    expectFailure(
      response,
      422,
      'Invalid',
      `${options}.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "Loud": supported values: "", "Ignore", "Strict", "Warn"`,
    );
  });

  it('checks the objects of components in the cluster too', async () => {
    const response = await api.request('POST', PODS, {
      body: { metadata: { name: 'obj' }, spec: { containers: [{ name: 'c', image: 'i', x: 1 }] } },
      query: { fieldValidation: 'Strict' },
    });
    expectFailure(
      response,
      400,
      'BadRequest',
      'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].x"',
    );
  });

  it('decodes a subresource body as its own kind', async () => {
    expectOk(await post(TYPO_POD), 201);
    const response = await api.request('POST', `${PODS}/typo/binding`, {
      body: '{"metadata":{"name":"typo"},"target":{"kind":"Node","name":"n"},"targett":{}}',
      contentType: JSON_TYPE,
      query: { fieldValidation: 'Strict' },
    });
    expectFailure(
      response,
      400,
      'BadRequest',
      'Binding in version "v1" cannot be handled as a Binding: strict decoding error: unknown field "targett"',
    );
  });
});

describe('malformed bodies', () => {
  const FIND_KIND =
    'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';
  it.each([
    [
      '{',
      "the object provided is unrecognized (must be of type Pod): couldn't get version/kind; json parse error: unexpected end of JSON input ({)",
    ],
    [
      '',
      "the object provided is unrecognized (must be of type Pod): couldn't get version/kind; json parse error: unexpected end of JSON input (<empty>)",
    ],
    [
      '[]',
      `the object provided is unrecognized (must be of type Pod): couldn't get version/kind; json parse error: json: cannot unmarshal array into Go value of type ${FIND_KIND} (5b5d)`,
    ],
    [
      '{"metadata":{"name":"x"},"spec":{"containers":[}}',
      'the object provided is unrecognized (must be of type Pod): couldn\'t get version/kind; json parse error: invalid character \'}\' looking for beginning of value ({"metadata":{"name":"x"},"spec ...)',
    ],
    [
      '{"kind":5}',
      'the object provided is unrecognized (must be of type Pod): couldn\'t get version/kind; json parse error: json: cannot unmarshal number into Go struct field .kind of type string ({"kind":5})',
    ],
    [
      '{"apiVersion":"a/b/c"}',
      'the object provided is unrecognized (must be of type Pod): unexpected GroupVersion string: a/b/c ({"apiVersion":"a/b/c"})',
    ],
    [
      '{"apiVersion":"v1","kind":"Foo"}',
      'Foo in version "v1" cannot be handled as a Pod: no kind "Foo" is registered for version "v1" in scheme "pkg/api/legacyscheme/scheme.go:30"',
    ],
    [
      '{"metadata":{"name":"x","labels":{"a":1}}}',
      'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string',
    ],
  ])("answers %j with upstream's 400", async (body, message) => {
    expectFailure(await post(body), 400, 'BadRequest', message);
  });

  it('summarizes an object that came parsed as its compact JSON', async () => {
    expectFailure(
      await api.request('POST', PODS, { body: [1] }),
      400,
      'BadRequest',
      `the object provided is unrecognized (must be of type Pod): couldn't get version/kind; json parse error: json: cannot unmarshal array into Go value of type ${FIND_KIND} (5b315d)`,
    );
  });

  it('names the Go type of a wrong value', async () => {
    const response = await api.request('POST', REPLICASETS, {
      body: '{"apiVersion":"apps/v1","kind":"ReplicaSet","spec":{"replicas":"x"}}',
      contentType: JSON_TYPE,
    });
    expectFailure(
      response,
      400,
      'BadRequest',
      'ReplicaSet in version "v1" cannot be handled as a ReplicaSet: json: cannot unmarshal string into Go struct field ReplicaSetSpec.spec.replicas of type int32',
    );
  });

  it.each(['text/plain', 'application/merge-patch+json', 'application/cbor'])(
    'refuses a %s body with 415',
    async (contentType) => {
      expectFailure(
        await post(TYPO_POD, {}, contentType),
        415,
        'UnsupportedMediaType',
        'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf',
      );
    },
  );

  it('takes JSON with a charset parameter', async () => {
    expectOk(await post(TYPO_POD, {}, 'application/json; charset=utf-8'), 201);
  });
});

describe('YAML bodies', () => {
  const YAML_POD = [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: from-yaml',
    '  name: twice',
    'spec:',
    '  containers:',
    '  - name: nginx',
    '    image: nginx',
    '    tty: yes',
  ].join('\n');

  it('creates the object, YAML 1.1 booleans included', async () => {
    const response = await post(YAML_POD, { fieldValidation: 'Ignore' }, 'application/yaml');
    const pod = expectOk(response, 201) as Pod;
    expect(pod.metadata?.name).toBe('twice');
    expect(pod.spec?.containers[0]?.tty).toBe(true);
  });

  it("reports duplicate keys with go-yaml's line", async () => {
    expectFailure(
      await post(YAML_POD, { fieldValidation: 'Strict' }, 'application/yaml'),
      400,
      'BadRequest',
      'Pod in version "v1" cannot be handled as a Pod: strict decoding error: yaml: unmarshal errors:\n  line 5: key "name" already set in map',
    );
    const warned = await post(YAML_POD, {}, 'application/yaml');
    expect(warned.warnings).toEqual(['line 5: key "name" already set in map']);
  });

  it("reports a YAML syntax error in go-yaml's frame", async () => {
    expectFailure(
      await post('metadata: name: x', {}, 'application/yaml'),
      400,
      'BadRequest',
      'the object provided is unrecognized (must be of type Pod): yaml: line 1: mapping values are not allowed in this context (6d657461646174613a206e616d653a2078)',
    );
  });

  it('summarizes a YAML body that is not an object in hex', async () => {
    expectFailure(
      await post('- a\n- b', {}, 'application/yaml'),
      400,
      'BadRequest',
      `the object provided is unrecognized (must be of type Pod): couldn't get version/kind; json parse error: json: cannot unmarshal array into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" } (2d20610a2d2062)`,
    );
  });
});

describe('summarizeData', () => {
  it.each([
    ['', '<empty>'],
    ['{"a":1}', '{"a":1}'],
    ['{"abcdefghijklmnopqrstuvwxyz":1}', '{"abcdefghijklmnopqrstuvwxyz": ...'],
    ['[1]', '5b315d'],
  ])('summarizes %j as %j', (body, summary) => {
    expect(summarizeData(body)).toBe(summary);
  });
});
