import { describe, expect, it } from 'vitest';
import { kindSchema, schemaAt, SchemaIndex, type SchemaNode } from './schema.ts';

const pod = kindSchema({ group: '', version: 'v1', kind: 'Pod' });
const deployment = kindSchema({ group: 'apps', version: 'v1', kind: 'Deployment' });
const crd = kindSchema({
  group: 'apiextensions.k8s.io',
  version: 'v1',
  kind: 'CustomResourceDefinition',
});
const secret = kindSchema({ group: '', version: 'v1', kind: 'Secret' });

function at(root: SchemaNode | undefined, path: (string | number)[]): SchemaNode {
  const node = schemaAt(root, path);
  if (!node) throw new Error(`no schema at ${path.join('.')}`);
  return node;
}

/** The metadata a merge needs, as one comparable object. */
function mergeMetadata(node: SchemaNode) {
  return {
    kind: node.kind,
    patchStrategies: node.patchStrategies,
    patchMergeKey: node.patchMergeKey,
    ...(node.kind === 'list' ? { listType: node.listType, listMapKeys: node.listMapKeys } : {}),
    ...(node.kind === 'map' ? { mapType: node.mapType } : {}),
    ...(node.kind === 'struct' ? { elementRelationship: node.elementRelationship } : {}),
  };
}

describe('schema lookup', () => {
  it.each([
    [
      'containers: a list map keyed by name, merged by name',
      pod,
      ['spec', 'containers'],
      {
        kind: 'list',
        patchStrategies: ['merge'],
        patchMergeKey: 'name',
        listType: 'map',
        listMapKeys: ['name'],
      },
    ],
    [
      'container ports: keyed by containerPort and protocol, merged by containerPort',
      pod,
      ['spec', 'containers', 0, 'ports'],
      {
        kind: 'list',
        patchStrategies: ['merge'],
        patchMergeKey: 'containerPort',
        listType: 'map',
        listMapKeys: ['containerPort', 'protocol'],
      },
    ],
    [
      'volumes: merged by name, retaining keys',
      pod,
      ['spec', 'volumes'],
      {
        kind: 'list',
        patchStrategies: ['merge', 'retainKeys'],
        patchMergeKey: 'name',
        listType: 'map',
        listMapKeys: ['name'],
      },
    ],
    [
      'tolerations: an atomic list replaced whole',
      pod,
      ['spec', 'tolerations'],
      {
        kind: 'list',
        patchStrategies: [],
        patchMergeKey: undefined,
        listType: 'atomic',
        listMapKeys: [],
      },
    ],
    [
      'finalizers: a set, merged',
      pod,
      ['metadata', 'finalizers'],
      {
        kind: 'list',
        patchStrategies: ['merge'],
        patchMergeKey: undefined,
        listType: 'set',
        listMapKeys: [],
      },
    ],
    [
      'ownerReferences: keyed by uid',
      pod,
      ['metadata', 'ownerReferences'],
      {
        kind: 'list',
        patchStrategies: ['merge'],
        patchMergeKey: 'uid',
        listType: 'map',
        listMapKeys: ['uid'],
      },
    ],
    [
      'labels: a granular map',
      pod,
      ['metadata', 'labels'],
      { kind: 'map', patchStrategies: [], patchMergeKey: undefined, mapType: 'granular' },
    ],
    [
      'nodeSelector: an atomic map',
      pod,
      ['spec', 'nodeSelector'],
      { kind: 'map', patchStrategies: [], patchMergeKey: undefined, mapType: 'atomic' },
    ],
    [
      'a deployment strategy: retainKeys on a struct',
      deployment,
      ['spec', 'strategy'],
      {
        kind: 'struct',
        patchStrategies: ['retainKeys'],
        patchMergeKey: undefined,
        elementRelationship: 'separable',
      },
    ],
    [
      'a label selector: an atomic struct',
      deployment,
      ['spec', 'selector'],
      {
        kind: 'struct',
        patchStrategies: [],
        patchMergeKey: undefined,
        elementRelationship: 'atomic',
      },
    ],
    [
      'a container image: a plain scalar',
      pod,
      ['spec', 'containers', 0, 'image'],
      { kind: 'scalar', patchStrategies: [], patchMergeKey: undefined },
    ],
  ])('knows %s', (_behaviour, root, path, expected) => {
    expect(mergeMetadata(at(root, path))).toEqual(expected);
  });

  it.each([
    [pod, ['spec', 'containers', 0, 'image'], 'string', undefined],
    [deployment, ['spec', 'replicas'], 'integer', 'int32'],
    [pod, ['spec', 'terminationGracePeriodSeconds'], 'integer', 'int64'],
    [
      deployment,
      ['spec', 'strategy', 'rollingUpdate', 'maxSurge'],
      'int-or-string',
      'int-or-string',
    ],
    [pod, ['spec', 'containers', 0, 'resources', 'limits', 'cpu'], 'quantity', undefined],
    [pod, ['metadata', 'creationTimestamp'], 'string', 'date-time'],
    [secret, ['data', 'tls.crt'], 'string', 'byte'],
    [pod, ['spec', 'hostNetwork'], 'boolean', undefined],
  ])('types %j as a %s scalar', (root, path, scalar, format) => {
    expect(at(root, path)).toMatchObject({ kind: 'scalar', scalar, format });
  });

  it.each([
    [pod, ['spec', 'restartPolicy'], 'v1.RestartPolicy'],
    [pod, ['spec', 'containers'], '[]v1.Container'],
    [pod, ['spec', 'containers', 0], 'v1.Container'],
    [pod, ['spec'], 'v1.PodSpec'],
    [deployment, ['spec', 'replicas'], 'int32'],
    [pod, ['metadata', 'labels'], 'map[string]string'],
    [pod, ['spec', 'containers', 0, 'resources', 'limits'], 'v1.ResourceList'],
    [pod, ['spec', 'containers', 0, 'securityContext', 'capabilities', 'add'], '[]v1.Capability'],
    [pod, ['spec', 'containers', 0, 'securityContext', 'capabilities', 'add', 0], 'v1.Capability'],
    [secret, ['data'], 'map[string][]uint8'],
    [pod, ['metadata', 'creationTimestamp'], 'v1.Time'],
  ])('names the Go type at %j.%j: %s', (root, path, goType) => {
    expect(at(root, path).goType).toBe(goType);
  });

  it('treats raw fields as untyped', () => {
    expect(at(pod, ['metadata', 'managedFields', 0, 'fieldsV1']).kind).toBe('untyped');
  });

  it('resolves recursive definitions as deep as asked', () => {
    const path = ['spec', 'versions', 0, 'schema', 'openAPIV3Schema', 'properties', 'spec'];
    const deep = at(crd, [...path, 'properties', 'replicas', 'properties', 'x']);
    expect(deep).toMatchObject({
      kind: 'struct',
      definition: 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps',
    });
    expect(at(crd, path)).toBe(deep);
  });

  it('serves the 1.32 fields kubernetes-types 1.30 lacks, without the removed ones', () => {
    expect(at(pod, ['spec', 'resources']).definition).toBe(
      'io.k8s.api.core.v1.ResourceRequirements',
    );
    expect(at(pod, ['spec', 'volumes', 0, 'image', 'reference'])).toMatchObject({
      scalar: 'string',
    });
    expect(schemaAt(pod, ['spec', 'resourceClaims', 0, 'source'])).toBeUndefined();
    expect(at(pod, ['spec', 'resourceClaims', 0, 'resourceClaimName']).kind).toBe('scalar');
  });

  it.each([
    [['spec', 'containers', 0, 'imagee']],
    [['spec', 'containers', 'name']],
    [['spec', 'nodeName', 'x']],
    [['toString']],
  ])('finds nothing at %j', (path) => {
    expect(schemaAt(pod, path)).toBeUndefined();
  });

  it('knows no custom kinds', () => {
    expect(kindSchema({ group: 'example.com', version: 'v1', kind: 'Widget' })).toBeUndefined();
    expect(pod?.fieldNames).toEqual(['apiVersion', 'kind', 'metadata', 'spec', 'status']);
  });

  it('reads list types from patch strategies where x-kubernetes-list-type is absent', () => {
    const index = new SchemaIndex({
      definitions: {
        'io.example.v1.Thing': {
          type: 'object',
          properties: {
            keyed: {
              type: 'array',
              items: { type: 'string' },
              'x-kubernetes-patch-strategy': 'merge',
              'x-kubernetes-patch-merge-key': 'id',
            },
            retained: {
              type: 'array',
              items: { type: 'string' },
              'x-kubernetes-patch-strategy': 'retainKeys',
            },
          },
          'x-kubernetes-group-version-kind': [
            { group: 'example.io', version: 'v1', kind: 'Thing' },
          ],
        },
      },
      goTypes: {},
    });
    const thing = index.kind({ group: 'example.io', version: 'v1', kind: 'Thing' });
    expect(at(thing, ['keyed'])).toMatchObject({ listType: 'map', listMapKeys: ['id'] });
    expect(at(thing, ['retained'])).toMatchObject({ listType: 'atomic', listMapKeys: [] });
  });
});
