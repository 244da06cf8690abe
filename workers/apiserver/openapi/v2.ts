// OpenAPI v2 (Swagger 2.0) as kube-apiserver serves it at /openapi/v2, in JSON: one document with
// every served path and the definitions they use. Leaves out the protobuf encoding client-go's
// OpenAPISchema asks for (kubectl 1.32 uses v3 first; see non-resource.ts).

import type { ApiDescriptions, OpenApiSchema } from '../../api/schema/types.ts';
import { SCHEMA_REF_PREFIX } from '../../api/schema/types.ts';
import type { Strategy } from '../registry/strategy.ts';
import { components, definitionOf, loadDescriptions } from './components.ts';
import {
  groupVersionPaths,
  parameterDoc,
  servedGroupVersions,
  type Operation,
  type Parameter,
} from './operations.ts';

const PRODUCES = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];
const STREAMS = [
  'application/json;stream=watch',
  'application/vnd.kubernetes.protobuf;stream=watch',
];
const V2_REF_PREFIX = '#/definitions/';

export function openApiV2(strategies: readonly Strategy[], version: string): string {
  const docs = loadDescriptions();
  const roots = new Set<string>();
  const paths: Record<string, unknown> = {};
  for (const { group, version: groupVersion } of servedGroupVersions(strategies)) {
    for (const item of groupVersionPaths(strategies, group, groupVersion, definitionOf)) {
      const rendered: Record<string, unknown> = {};
      for (const operation of item.operations) {
        rendered[operation.method] = renderOperation(operation, docs, roots);
      }
      if (item.parameters.length > 0) {
        rendered.parameters = item.parameters.map((parameter) => renderParameter(parameter, docs));
      }
      paths[item.path] = rendered;
    }
  }
  const definitions = Object.fromEntries(
    Object.entries(components(roots, docs)).map(([id, schema]) => [id, toV2(schema)]),
  );
  return JSON.stringify({
    swagger: '2.0',
    info: { title: 'Kubernetes', version },
    paths,
    definitions,
    securityDefinitions: {
      BearerToken: {
        description: 'Bearer Token authentication',
        type: 'apiKey',
        name: 'authorization',
        in: 'header',
      },
    },
    security: [{ BearerToken: [] }],
  });
}

function renderOperation(
  operation: Operation,
  docs: ApiDescriptions,
  roots: Set<string>,
): Record<string, unknown> {
  const ref = (definition: string) => {
    roots.add(definition);
    return { $ref: V2_REF_PREFIX + definition };
  };
  const parameters: Record<string, unknown>[] = [];
  if (operation.body) {
    parameters.push({
      name: 'body',
      in: 'body',
      required: true,
      schema: ref(operation.body.definition),
    });
  }
  for (const parameter of operation.parameters) parameters.push(renderParameter(parameter, docs));
  return {
    description: operation.description,
    consumes: operation.body?.types ?? ['*/*'],
    produces: operation.streams ? [...PRODUCES, ...STREAMS] : PRODUCES,
    schemes: ['https'],
    tags: [operation.tag],
    operationId: operation.id,
    ...(parameters.length > 0 ? { parameters } : {}),
    responses: Object.fromEntries(
      operation.responses.map(({ code, description, definition }) => [
        code,
        definition ? { description, schema: ref(definition) } : { description },
      ]),
    ),
    ...(operation.action
      ? {
          'x-kubernetes-action': operation.action,
          'x-kubernetes-group-version-kind': operation.gvk,
        }
      : {}),
  };
}

function renderParameter(parameter: Parameter, docs: ApiDescriptions): Record<string, unknown> {
  const { description, type } = parameterDoc(parameter, docs);
  return {
    uniqueItems: true,
    type,
    ...(description ? { description } : {}),
    name: parameter.name,
    in: parameter.in,
    ...(parameter.required ? { required: true } : {}),
  };
}

/** A v3 component as a Swagger 2.0 definition: v2 refs, and no oneOf/anyOf. */
function toV2(schema: OpenApiSchema): OpenApiSchema {
  const { oneOf, anyOf, ...rest } = schema;
  const result: OpenApiSchema = { ...rest };
  if (oneOf) result.type = 'string';
  if (anyOf) delete result.type;
  if (result.$ref) result.$ref = V2_REF_PREFIX + result.$ref.slice(SCHEMA_REF_PREFIX.length);
  if (result.items) result.items = toV2(result.items);
  if (result.additionalProperties) result.additionalProperties = toV2(result.additionalProperties);
  if (result.properties) {
    result.properties = Object.fromEntries(
      Object.entries(result.properties).map(([name, property]) => [name, toV2(property)]),
    );
  }
  return result;
}
