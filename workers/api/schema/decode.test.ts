import { describe, expect, it } from 'vitest';
import { parseGoJson } from '../json/go-json.ts';
import { decodeTyped, decodeUntyped } from './decode.ts';
import { kindSchema, type StructNode } from './schema.ts';

function schemaOf(group: string, kind: string): StructNode {
  const schema = kindSchema({ group, version: 'v1', kind });
  if (!schema) throw new Error(`no schema for ${kind}`);
  return schema;
}

const pod = schemaOf('', 'Pod');
const deployment = schemaOf('apps', 'Deployment');
const secret = schemaOf('', 'Secret');
const lease = schemaOf('coordination.k8s.io', 'Lease');

function decode(schema: StructNode, json: string) {
  return decodeTyped(parseGoJson(json), schema);
}

describe('decodeTyped', () => {
  it.each([
    [
      'an unknown container field, dropped',
      pod,
      '{"spec":{"containers":[{"name":"a","imagee":"nginx"}]}}',
      ['unknown field "spec.containers[0].imagee"'],
      { spec: { containers: [{ name: 'a' }] } },
    ],
    [
      'field names case-sensitively',
      pod,
      '{"Spec":{},"metadata":{"Name":"x"}}',
      ['unknown field "Spec"', 'unknown field "metadata.Name"'],
      { metadata: {} },
    ],
    [
      'a duplicate field, the last value kept',
      deployment,
      '{"spec":{"replicas":1,"replicas":2}}',
      ['duplicate field "spec.replicas"'],
      { spec: { replicas: 2 } },
    ],
    [
      'a duplicate map key',
      pod,
      '{"metadata":{"labels":{"app":"a","app":"b"}}}',
      ['duplicate field "metadata.labels.app"'],
      { metadata: { labels: { app: 'b' } } },
    ],
    [
      'a repeated unknown field once, in document order',
      pod,
      '{"zz":1,"spec":{"containers":[{"name":"a","x":1},{"name":"b","x":2}]},"zz":2}',
      [
        'unknown field "zz"',
        'unknown field "spec.containers[0].x"',
        'unknown field "spec.containers[1].x"',
      ],
      { spec: { containers: [{ name: 'a' }, { name: 'b' }] } },
    ],
    [
      'duplicates inside raw JSON',
      pod,
      '{"metadata":{"managedFields":[{"fieldsV1":{"f:a":{},"f:a":{}}}]}}',
      ['duplicate field "metadata.managedFields[0].fieldsV1.f:a"'],
      { metadata: { managedFields: [{ fieldsV1: { 'f:a': {} } }] } },
    ],
  ])('reports %s', (_behaviour, schema, json, strictErrors, value) => {
    expect(decode(schema, json)).toEqual({ value, strictErrors });
  });

  it.each([
    [
      deployment,
      '{"spec":{"replicas":"3"}}',
      'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    ],
    [
      deployment,
      '{"spec":{"replicas":1.5}}',
      'json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32',
    ],
    [
      deployment,
      '{"spec":{"replicas":3000000000}}',
      'json: cannot unmarshal number 3000000000 into Go struct field DeploymentSpec.spec.replicas of type int32',
    ],
    [
      deployment,
      '{"spec":[]}',
      'json: cannot unmarshal array into Go struct field Deployment.spec of type v1.DeploymentSpec',
    ],
    [
      pod,
      '{"spec":{"containers":{}}}',
      'json: cannot unmarshal object into Go struct field PodSpec.spec.containers of type []v1.Container',
    ],
    [
      pod,
      '{"spec":{"containers":[{"image":5}]}}',
      'json: cannot unmarshal number into Go struct field Container.spec.containers.image of type string',
    ],
    [
      pod,
      '{"spec":{"restartPolicy":true}}',
      'json: cannot unmarshal bool into Go struct field PodSpec.spec.restartPolicy of type v1.RestartPolicy',
    ],
    [
      pod,
      '{"spec":{"hostNetwork":"true"}}',
      'json: cannot unmarshal string into Go struct field PodSpec.spec.hostNetwork of type bool',
    ],
    [
      pod,
      '{"metadata":{"labels":[]}}',
      'json: cannot unmarshal array into Go struct field ObjectMeta.metadata.labels of type map[string]string',
    ],
    [
      pod,
      '{"metadata":{"labels":{"a":1}}}',
      'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string',
    ],
    [
      deployment,
      '{"spec":{"strategy":{"rollingUpdate":{"maxSurge":true}}}}',
      'json: cannot unmarshal bool into Go struct field RollingUpdateDeployment.spec.strategy.rollingUpdate.maxSurge of type int32',
    ],
    [
      pod,
      '{"spec":{"containers":[{"resources":{"limits":{"cpu":"lots"}}}]}}',
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    ],
    [
      pod,
      '{"metadata":{"creationTimestamp":"yesterday"}}',
      'parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"',
    ],
    [
      pod,
      '{"metadata":{"creationTimestamp":5}}',
      'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.creationTimestamp of type string',
    ],
    [
      lease,
      '{"spec":{"renewTime":"2025-01-15T10:04:05Z"}}',
      'parsing time "2025-01-15T10:04:05Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse "Z" as ".000000"',
    ],
    [secret, '{"data":{"a":"abc!"}}', 'illegal base64 data at input byte 3'],
    [secret, '{"data":{"a":"abc"}}', 'illegal base64 data at input byte 0'],
    [
      secret,
      '{"data":{"a":[1,300]}}',
      'json: cannot unmarshal number 300 into Go struct field Secret.data of type uint8',
    ],
  ])('fails %s as Go does: %s', (schema, json, error) => {
    expect(decode(schema, json)).toMatchObject({ strictErrors: [], error });
  });

  it('keeps the first type error, and lets an unmarshaler error win over it', () => {
    expect(decode(deployment, '{"spec":{"replicas":"a","minReadySeconds":"b"}}').error).toMatch(
      /DeploymentSpec\.spec\.replicas/,
    );
    expect(
      decode(deployment, '{"spec":{"replicas":"a","strategy":{"rollingUpdate":{"maxSurge":{}}}}}')
        .error,
    ).toBe(
      'json: cannot unmarshal object into Go struct field RollingUpdateDeployment.spec.strategy.rollingUpdate.maxSurge of type int32',
    );
  });

  it('re-encodes quantities, times and bytes as Go marshals them', () => {
    const result = decode(
      pod,
      `{"metadata":{"creationTimestamp":"2025-01-15T12:04:05.9+02:00"},
        "spec":{"containers":[{"name":"a","resources":{"limits":{"cpu":0.5,"memory":"1Gi"}}}],
                "nodeSelector":{"a":null}}}`,
    );
    expect(result).toEqual({
      strictErrors: [],
      value: {
        metadata: { creationTimestamp: '2025-01-15T10:04:05Z' },
        spec: {
          containers: [{ name: 'a', resources: { limits: { cpu: '500m', memory: '1Gi' } } }],
          nodeSelector: { a: '' },
        },
      },
    });
    expect(decode(secret, '{"data":{"a":[104,105]}}').value).toEqual({ data: { a: 'aGk=' } });
    expect(decode(lease, '{"spec":{"renewTime":"2025-01-15T10:04:05.123456Z"}}').value).toEqual({
      spec: { renewTime: '2025-01-15T10:04:05.123456Z' },
    });
  });

  it('reads a patch as untyped JSON, reporting its duplicate keys', () => {
    expect(
      decodeUntyped(parseGoJson('{"spec":{"replicas":1,"replicas":2},"x":[{"a":1,"a":2}]}')),
    ).toEqual({
      value: { spec: { replicas: 2 }, x: [{ a: 2 }] },
      strictErrors: ['duplicate field "spec.replicas"', 'duplicate field "x[0].a"'],
    });
  });
});
