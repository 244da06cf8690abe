// OpenAPI v3 as kube-apiserver serves it (k8s.io/kube-openapi pkg/handler3/handler.go): the index
// /openapi/v3 lists each group-version with a `?hash=` URL, and each /openapi/v3/<gv> document
// holds that group-version's paths and the components they use. The hash is the document's
// SHA-512: a stale hash is redirected (301), a current one cached for good.

import type { ApiDescriptions, OpenApiSchema } from '../../api/schema/types.ts';
import { SCHEMA_REF_PREFIX } from '../../api/schema/types.ts';
import type { Strategy } from '../registry/strategy.ts';
import { sha512Hex } from '../etag.ts';
import { components, definitionOf, loadDescriptions } from './components.ts';
import {
  groupVersionPaths,
  parameterDoc,
  servedGroupVersions,
  type Operation,
  type Parameter,
  type PathItem,
} from './operations.ts';

const RESPONSE_TYPES = [
  'application/json',
  'application/vnd.kubernetes.protobuf',
  'application/yaml',
];
const STREAM_TYPES = [
  'application/json;stream=watch',
  'application/vnd.kubernetes.protobuf;stream=watch',
];
const BEARER_TOKEN = {
  BearerToken: {
    description: 'Bearer Token authentication',
    in: 'header',
    name: 'authorization',
    type: 'apiKey',
  },
};

export interface V3Document {
  /** The JSON text served, and its hash. */
  json: string;
  hash: string;
}

/** The v3 documents of the served group-versions, built on first use. */
export class OpenApiV3 {
  private documents: Map<string, V3Document> | undefined;

  constructor(
    private readonly strategies: readonly Strategy[],
    private readonly version: string,
  ) {}

  /** /openapi/v3: `{"paths": {"api/v1": {"serverRelativeURL": "/openapi/v3/api/v1?hash=..."}}}` */
  index(): { paths: Record<string, { serverRelativeURL: string }> } {
    const paths: Record<string, { serverRelativeURL: string }> = {};
    for (const [path, { hash }] of this.all()) {
      paths[path] = { serverRelativeURL: `/openapi/v3/${path}?hash=${hash}` };
    }
    return { paths };
  }

  /** The document of `api/v1` or `apis/<group>/<version>`. */
  document(path: string): V3Document | undefined {
    return this.all().get(path);
  }

  private all(): Map<string, V3Document> {
    this.documents ??= this.build();
    return this.documents;
  }

  private build(): Map<string, V3Document> {
    const docs = loadDescriptions();
    const documents = new Map<string, V3Document>();
    for (const { group, version, path } of servedGroupVersions(this.strategies)) {
      const items = groupVersionPaths(this.strategies, group, version, definitionOf);
      const json = JSON.stringify(this.render(items, docs));
      documents.set(path, { json, hash: sha512Hex(json) });
    }
    return documents;
  }

  private render(items: PathItem[], docs: ApiDescriptions): Record<string, unknown> {
    const roots = new Set<string>();
    const paths: Record<string, unknown> = {};
    for (const item of items) {
      const rendered: Record<string, unknown> = {};
      for (const operation of item.operations) {
        rendered[operation.method] = renderOperation(operation, docs, roots);
      }
      if (item.parameters.length > 0) {
        rendered.parameters = item.parameters.map((parameter) => renderParameter(parameter, docs));
      }
      paths[item.path] = rendered;
    }
    return {
      openapi: '3.0.0',
      info: { title: 'Kubernetes', version: this.version },
      paths,
      components: { schemas: components(roots, docs), securitySchemes: BEARER_TOKEN },
      security: [{ BearerToken: [] }],
    };
  }
}

function schemaRef(definition: string, roots: Set<string>): OpenApiSchema {
  roots.add(definition);
  return { $ref: SCHEMA_REF_PREFIX + definition };
}

function renderOperation(
  operation: Operation,
  docs: ApiDescriptions,
  roots: Set<string>,
): Record<string, unknown> {
  const responses: Record<string, unknown> = {};
  for (const { code, description, definition } of operation.responses) {
    if (!definition) {
      responses[code] = { description };
      continue;
    }
    const types = operation.streams ? [...RESPONSE_TYPES, ...STREAM_TYPES].sort() : RESPONSE_TYPES;
    responses[code] = {
      content: Object.fromEntries(
        types.map((type) => [type, { schema: schemaRef(definition, roots) }]),
      ),
      description,
    };
  }
  return {
    description: operation.description,
    operationId: operation.id,
    ...(operation.parameters.length > 0
      ? { parameters: operation.parameters.map((parameter) => renderParameter(parameter, docs)) }
      : {}),
    ...(operation.body
      ? {
          requestBody: {
            content: Object.fromEntries(
              operation.body.types.map((type) => [
                type,
                { schema: schemaRef(operation.body?.definition ?? '', roots) },
              ]),
            ),
            required: true,
          },
        }
      : {}),
    responses,
    tags: [operation.tag],
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
    ...(description ? { description } : {}),
    in: parameter.in,
    name: parameter.name,
    ...(parameter.required ? { required: true } : {}),
    schema: { type, uniqueItems: true },
  };
}
