import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { OpenApiSchema } from '../workers/api/schema/types.ts';
import { buildApiSchemas, upstreamDefinitionId } from './api-schemas.ts';
import { goDescription, type ApiMetadata } from './extract-api-metadata.ts';
import { generateSchemas } from './generate-schemas.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const typesDir = path.dirname(
  createRequire(import.meta.url).resolve('kubernetes-types/package.json'),
);
const metadata = JSON.parse(
  readFileSync(path.join(here, 'k8s-api-metadata.json'), 'utf8'),
) as ApiMetadata;
const { data, descriptions } = buildApiSchemas(generateSchemas(typesDir), metadata);

function definition(id: string): OpenApiSchema {
  const schema = data.definitions[id];
  if (!schema) throw new Error(`no definition ${id}`);
  return schema;
}

function property(id: string, name: string): OpenApiSchema {
  const schema = definition(id).properties?.[name];
  if (!schema) throw new Error(`no property ${id}.${name}`);
  return schema;
}

describe('buildApiSchemas', () => {
  it.each([
    ['core.v1.Pod', 'io.k8s.api.core.v1.Pod'],
    ['meta.v1.ObjectMeta', 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'],
    ['api.resource.Quantity', 'io.k8s.apimachinery.pkg.api.resource.Quantity'],
    ['util.intstr.IntOrString', 'io.k8s.apimachinery.pkg.util.intstr.IntOrString'],
    [
      'apiextensions.v1.JSONSchemaProps',
      'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps',
    ],
  ])('names %s %s, as kube-apiserver does', (id, upstream) => {
    expect(upstreamDefinitionId(id)).toBe(upstream);
    expect(data.definitions).toHaveProperty([upstream]);
  });

  it('tags kinds with their group, version and kind', () => {
    expect(definition('io.k8s.api.apps.v1.Deployment')['x-kubernetes-group-version-kind']).toEqual([
      { group: 'apps', kind: 'Deployment', version: 'v1' },
    ]);
    expect(definition('io.k8s.api.core.v1.Pod')['x-kubernetes-group-version-kind']).toEqual([
      { group: '', kind: 'Pod', version: 'v1' },
    ]);
  });

  it('carries the patch and list metadata of the 1.32 struct tags', () => {
    expect(property('io.k8s.api.core.v1.PodSpec', 'containers')).toEqual({
      type: 'array',
      items: { $ref: '#/components/schemas/io.k8s.api.core.v1.Container' },
      'x-kubernetes-patch-strategy': 'merge',
      'x-kubernetes-patch-merge-key': 'name',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['name'],
    });
    expect(definition('io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector')).toMatchObject({
      'x-kubernetes-map-type': 'atomic',
    });
    expect(property('io.k8s.api.core.v1.PodSpec', 'nodeSelector')).toMatchObject({
      'x-kubernetes-map-type': 'atomic',
    });
  });

  it.each([
    ['io.k8s.api.apps.v1.DeploymentSpec', 'replicas', { type: 'integer', format: 'int32' }],
    ['io.k8s.api.core.v1.PodSpec', 'activeDeadlineSeconds', { type: 'integer', format: 'int64' }],
    [
      'io.k8s.api.core.v1.Secret',
      'data',
      { type: 'object', additionalProperties: { type: 'string', format: 'byte' } },
    ],
    [
      'io.k8s.api.core.v1.PodSpec',
      'restartPolicy',
      { type: 'string', enum: ['Always', 'Never', 'OnFailure'] },
    ],
  ])('types %s.%s with the Go format and enum', (id, name, expected) => {
    expect(property(id, name)).toEqual(expected);
  });

  it('publishes Quantity and IntOrString as oneOf unions', () => {
    expect(definition('io.k8s.apimachinery.pkg.util.intstr.IntOrString')).toEqual({
      oneOf: [{ type: 'integer' }, { type: 'string' }],
      format: 'int-or-string',
    });
    expect(definition('io.k8s.apimachinery.pkg.api.resource.Quantity')).toEqual({
      oneOf: [{ type: 'string' }, { type: 'number' }],
    });
  });

  it('adds the fields 1.32 has and drops the ones it removed', () => {
    expect(property('io.k8s.api.core.v1.PodSpec', 'resources')).toEqual({
      $ref: '#/components/schemas/io.k8s.api.core.v1.ResourceRequirements',
    });
    expect(definition('io.k8s.api.core.v1.ImageVolumeSource').properties).toHaveProperty([
      'reference',
    ]);
    expect(definition('io.k8s.api.core.v1.PodResourceClaim').properties).not.toHaveProperty([
      'source',
    ]);
    expect(data.definitions).not.toHaveProperty(['io.k8s.api.core.v1.ClaimSource']);
  });

  it('keeps descriptions apart, appending the enum values upstream lists', () => {
    expect(JSON.stringify(data)).not.toContain('"description":"');
    expect(descriptions.definitions['io.k8s.api.core.v1.Pod']?.['']).toBe(
      'Pod is a collection of containers that can run on a host. This resource is created by ' +
        'clients and scheduled onto hosts.',
    );
    expect(descriptions.definitions['io.k8s.api.core.v1.PodSpec']?.restartPolicy).toMatch(
      /Default to Always\. More info: \S+\n\nPossible enum values:\n - `"Always"`\n - `"Never"`\n - `"OnFailure"`$/,
    );
  });

  it('documents the query parameters of the options structs', () => {
    expect(descriptions.queryParameters.PatchOptions?.fieldValidation).toMatchObject({
      type: 'string',
      description: expect.stringMatching(/^fieldValidation instructs the server/) as unknown,
    });
    expect(descriptions.queryParameters.ListOptions?.limit?.type).toBe('integer');
    expect(descriptions.queryParameters.DeleteOptions).not.toHaveProperty(['preconditions']);
  });

  it('names the Go types decoding errors print', () => {
    expect(data.goTypes['io.k8s.api.core.v1.PodSpec.restartPolicy']).toBe('v1.RestartPolicy');
    expect(data.goTypes['io.k8s.api.core.v1.ResourceRequirements.limits']).toBe('v1.ResourceList');
    expect(data.goTypes).not.toHaveProperty(['io.k8s.api.apps.v1.DeploymentSpec.replicas']);
  });

  it('resolves every $ref', () => {
    const refs = JSON.stringify(data.definitions).matchAll(
      /"\$ref":"#\/components\/schemas\/([^"]+)"/g,
    );
    for (const [, id] of refs) expect(data.definitions).toHaveProperty([id ?? '']);
  });
});

describe('goDescription', () => {
  it.each([
    [
      ['Restart policy for all containers.', 'Default to Always.'],
      'Restart policy for all containers. Default to Always.',
    ],
    [['First paragraph.', '', 'Second paragraph.'], 'First paragraph.\n\nSecond paragraph.'],
    [['Text.', '+optional', '+listType=atomic', 'TODO: later'], 'Text.'],
    [['Example:', '\t{"a": 1}', 'after'], 'Example:\n\t{"a": 1}\nafter'],
    [['Kept.', '---', 'Dropped.'], 'Kept.'],
  ])('renders %j as kube-openapi does', (lines, expected) => {
    expect(goDescription(lines)).toBe(expected);
  });
});
