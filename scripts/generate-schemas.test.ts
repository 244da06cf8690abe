import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildEditorSchema } from './editor-schema.ts';
import { generateSchemas, type JsonSchema } from './generate-schemas.ts';

const typesDir = path.dirname(
  createRequire(import.meta.url).resolve('kubernetes-types/package.json'),
);
const schemas = generateSchemas(typesDir);
const editorSchema = buildEditorSchema(schemas);

function definition(id: string): JsonSchema {
  const schema = schemas.definitions[id];
  if (schema === undefined) throw new Error(`no definition ${id}`);
  return schema;
}

function property(id: string, name: string): JsonSchema {
  const schema = definition(id).properties?.[name];
  if (schema === undefined) throw new Error(`no property ${id}.${name}`);
  return schema;
}

/** The `then` branches of the editor schema whose `if` a document with these fields satisfies. */
function branchesFor(document: { apiVersion: string; kind: string }): JsonSchema[] {
  return (editorSchema.allOf ?? [])
    .filter(({ if: condition }) =>
      Object.entries(condition?.properties ?? {}).every(
        ([field, { const: value }]) => document[field as keyof typeof document] === value,
      ),
    )
    .map(({ then }) => then ?? {});
}

describe('generateSchemas', () => {
  it('requires nothing at the top of a Pod but containers in its spec', () => {
    expect(definition('core.v1.Pod').required).toBeUndefined();
    expect(property('core.v1.Pod', 'spec').$ref).toBe('#/definitions/core.v1.PodSpec');
    expect(definition('core.v1.PodSpec').required).toEqual(['containers']);
    expect(property('core.v1.PodSpec', 'containers')).toMatchObject({
      type: 'array',
      items: { $ref: '#/definitions/core.v1.Container' },
    });
  });

  it('describes fields from their JSDoc and closes object types', () => {
    expect(property('core.v1.Container', 'image')).toMatchObject({
      type: 'string',
      description: expect.stringContaining('Container image name') as unknown,
    });
    expect(definition('core.v1.Container').additionalProperties).toBe(false);
  });

  it.each([
    [
      'IntOrString',
      'apps.v1.RollingUpdateDeployment',
      'maxSurge',
      { $ref: '#/definitions/util.intstr.IntOrString' },
    ],
    ['Time', 'meta.v1.ObjectMeta', 'creationTimestamp', { $ref: '#/definitions/meta.v1.Time' }],
    ['an int32', 'apps.v1.DeploymentSpec', 'replicas', { type: 'integer' }],
    ['a float64', 'apiextensions.v1.JSONSchemaProps', 'maximum', { type: 'number' }],
    [
      'a cross-file reference',
      'apps.v1.DeploymentSpec',
      'template',
      { $ref: '#/definitions/core.v1.PodTemplateSpec' },
    ],
    [
      'a map of Quantity',
      'core.v1.ResourceRequirements',
      'limits',
      { type: 'object', additionalProperties: { $ref: '#/definitions/api.resource.Quantity' } },
    ],
    ['a string literal', 'core.v1.Pod', 'kind', { type: 'string', enum: ['Pod'] }],
  ])('maps %s (%s.%s)', (_label, id, name, expected) => {
    expect(property(id, name)).toMatchObject(expected);
  });

  it.each([
    ['v1', 'Pod'],
    ['v1', 'Namespace'],
    ['v1', 'Node'],
    ['apps/v1', 'ReplicaSet'],
  ])('lists %s %s among the kinds', (apiVersion, kind) => {
    expect(schemas.kinds).toContainEqual(expect.objectContaining({ apiVersion, kind }));
  });

  it.each([
    ['util.intstr.IntOrString', { anyOf: [{ type: 'integer' }, { type: 'string' }] }],
    ['meta.v1.Time', { type: 'string', format: 'date-time' }],
    ['meta.v1.MicroTime', { type: 'string', format: 'date-time' }],
    ['api.resource.Quantity', { anyOf: [{ type: 'string' }, { type: 'number' }] }],
  ])('defines the named scalar %s', (id, expected) => {
    expect(definition(id)).toMatchObject({
      ...expected,
      description: expect.any(String) as unknown,
    });
  });

  it('keeps every paragraph of a description', () => {
    expect(property('core.v1.PodSpec', 'resourceClaims').description).toMatch(
      /by name\.\n\nThis is an alpha field/,
    );
  });

  it('emits every definition that a $ref points at', () => {
    const refs = JSON.stringify(schemas.definitions).matchAll(/"\$ref":"#\/definitions\/([^"]+)"/g);
    for (const [, id] of refs) expect(schemas.definitions).toHaveProperty([id ?? '']);
  });
});

describe('buildEditorSchema', () => {
  it('routes kind Pod with apiVersion v1 to the Pod definition, and only there', () => {
    expect(branchesFor({ apiVersion: 'v1', kind: 'Pod' })).toEqual([
      { $ref: '#/definitions/core.v1.Pod' },
    ]);
    expect(editorSchema.definitions).toHaveProperty(['core.v1.Pod']);
    expect(editorSchema.definitions).toHaveProperty(['core.v1.PodSpec']);
  });

  it('routes each apiVersion of a kind to its own definition', () => {
    expect(branchesFor({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler' })).toEqual([
      { $ref: '#/definitions/autoscaling.v2.HorizontalPodAutoscaler' },
    ]);
    expect(branchesFor({ apiVersion: 'v1', kind: 'Deployment' })).toEqual([]);
  });

  it('keeps the first paragraph of each description for hovers', () => {
    expect(editorSchema.definitions?.['core.v1.PodSpec']?.properties?.resourceClaims).toMatchObject(
      {
        description: expect.stringMatching(/consume them by name\.$/) as unknown,
      },
    );
  });

  it('requires apiVersion and kind on every document', () => {
    expect(editorSchema).toMatchObject({
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      required: ['apiVersion', 'kind'],
    });
  });
});
