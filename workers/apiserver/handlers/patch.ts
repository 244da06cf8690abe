// PATCH (apiserver pkg/endpoints/handlers/patch.go): the content type picks the mechanism (JSON
// patch, JSON merge patch, strategic merge patch, server-side apply), the options are checked,
// and the body becomes a function from the current object to the patched one, run inside the
// update's retry loop; apply also says what to create when the object is missing.

import {
  badRequest,
  field,
  genericServerResponse,
  invalid,
  requestEntityTooLarge,
  unknownError,
} from '../../api/errors.ts';
import { applyMergePatch, type Json } from '../../api/json-merge-patch.ts';
import { parseGoJson } from '../../api/patch/go-json.ts';
import { applyJsonPatch, decodeJsonPatch, JsonPatchError } from '../../api/patch/json-patch.ts';
import { isJsonObject } from '../../api/patch/strategic-lists.ts';
import { strategicMergeMapPatch } from '../../api/patch/strategic-merge-patch.ts';
import { PatchMetaSchema, StrategicMergePatchError } from '../../api/patch/strategic-meta.ts';
import type { ApiRequest, KubeObject } from '../../client/protocol.ts';
import { applyConfiguration } from '../fieldmanager/apply.ts';
import { fieldManagerScope } from '../fieldmanager/scopes.ts';
import { ApiError } from '../registry/generic.ts';
import type { Strategy } from '../registry/strategy.ts';
import { validateWriteOptions } from './write-options.ts';

const JSON_PATCH = 'application/json-patch+json';
const MERGE_PATCH = 'application/merge-patch+json';
const STRATEGIC_MERGE_PATCH = 'application/strategic-merge-patch+json';
const APPLY_PATCH = 'application/apply-patch+yaml';

/** The installer's supportedTypes for built-in resources, in its order. */
export const PATCH_TYPES = [JSON_PATCH, MERGE_PATCH, STRATEGIC_MERGE_PATCH, APPLY_PATCH];

/** maxJSONPatchOperations */
const MAX_JSON_PATCH_OPERATIONS = 10000;

export interface PatchPlan {
  mutate(current: KubeObject): KubeObject;
  /** Server-side apply creates a missing object from this. */
  createMissing?: () => KubeObject;
  /** Whose change the update records in managedFields; apply records its own. */
  manager?: string;
}

export interface PatchTarget {
  strategy: Strategy;
  name: string;
  subresource: string | undefined;
  now: number;
}

/** go-restful's route match: the Content-Type's media types against the route's Consumes. */
function routeConsumes(contentType: string): boolean {
  const types = (contentType || 'application/octet-stream').split(',');
  return types.some((type) => PATCH_TYPES.includes(type.split(';')[0]?.trim() ?? ''));
}

function patchType(request: ApiRequest): string {
  const contentType = request.contentType ?? '';
  const hasBody = request.body !== undefined && request.body !== '';
  if (!routeConsumes(contentType)) {
    if (hasBody) throw new ApiError(genericServerResponse(415, '415: Unsupported Media Type'));
    throw new ApiError(
      genericServerResponse(406, '406: Not Acceptable\n\nAvailable representations: '),
    );
  }
  // PatchResource cuts parameters at the first `;` without trimming.
  const semicolon = contentType.indexOf(';');
  const type = semicolon > 0 ? contentType.slice(0, semicolon) : contentType;
  if (!PATCH_TYPES.includes(type)) {
    throw new ApiError(genericServerResponse(415, unsupportedMessage()));
  }
  return type;
}

function unsupportedMessage(): string {
  return `the body of the request was in an unknown format - accepted media types include: ${PATCH_TYPES.join(', ')}`;
}

/** The body as JSON: objects from components as they are, text from HTTP parsed as Go would. */
function jsonBody(body: unknown, describe: (message: string) => string): Json {
  if (typeof body !== 'string') return (body ?? null) as Json;
  try {
    return parseGoJson(body);
  } catch (error) {
    throw new ApiError(badRequest(describe((error as Error).message)));
  }
}

/** A decode into a Go type that JSON's shape does not fit: encoding/json's UnmarshalTypeError. */
function typeMismatch(value: Json, goType: string): string {
  const kind = Array.isArray(value)
    ? 'array'
    : value === null
      ? 'null'
      : typeof value === 'object'
        ? 'object'
        : typeof value === 'boolean'
          ? 'bool'
          : typeof value;
  return `json: cannot unmarshal ${kind} into Go value of type ${goType}`;
}

/** managerOrUserAgent: the fieldManager parameter, else the user agent's product name. */
export function managerOrUserAgent(request: ApiRequest): string {
  const manager = request.query?.fieldManager ?? '';
  if (manager) return manager;
  const userAgent = request.headers?.['user-agent']?.[0] ?? '';
  let prefix = '';
  for (const char of userAgent.split('/')[0] ?? '') {
    if (/[\p{C}\p{Z}]/u.test(char) && char !== ' ') continue;
    if (new TextEncoder().encode(prefix + char).length > 128) break;
    prefix += char;
  }
  return prefix;
}

function jsonPatchPlan(request: ApiRequest, strict: boolean): PatchPlan {
  const body = jsonBody(request.body, (message) =>
    strict ? `error decoding patch: ${message}` : message,
  );
  if (strict && body !== null && !Array.isArray(body)) {
    throw new ApiError(
      badRequest(`error decoding patch: ${typeMismatch(body, '[]handlers.jsonPatchOp')}`),
    );
  }
  let operations;
  try {
    operations = decodeJsonPatch(body);
  } catch (error) {
    throw new ApiError(badRequest((error as Error).message));
  }
  if (operations.length > MAX_JSON_PATCH_OPERATIONS) {
    throw new ApiError(
      requestEntityTooLarge(
        `The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${operations.length}`,
      ),
    );
  }
  return {
    mutate(current) {
      try {
        return applyJsonPatch(current as Json, operations) as KubeObject;
      } catch (error) {
        if (error instanceof JsonPatchError) {
          throw new ApiError(genericServerResponse(422, error.message));
        }
        throw error;
      }
    },
  };
}

function mergePatchPlan(request: ApiRequest, strict: boolean): PatchPlan {
  const body = jsonBody(request.body, (message) =>
    strict ? `error decoding patch: ${message}` : 'Invalid JSON Patch',
  );
  if (strict && body !== null && !isJsonObject(body)) {
    throw new ApiError(
      badRequest(`error decoding patch: ${typeMismatch(body, 'map[string]interface {}')}`),
    );
  }
  if (!isJsonObject(body)) throw new ApiError(badRequest('Invalid JSON Patch'));
  return { mutate: (current) => applyMergePatch(current, body) as KubeObject };
}

function strategicPatchPlan(request: ApiRequest, target: PatchTarget): PatchPlan {
  const body = jsonBody(request.body, (message) => message);
  if (body !== null && !isJsonObject(body)) {
    throw new ApiError(badRequest(typeMismatch(body, 'map[string]interface {}')));
  }
  const schema = new PatchMetaSchema(
    fieldManagerScope(target.strategy.type, target.subresource).updater.type,
  );
  return {
    mutate(current) {
      try {
        return strategicMergeMapPatch(
          structuredClone(current) as Record<string, Json>,
          structuredClone(body ?? {}),
          schema,
        );
      } catch (error) {
        if (!(error instanceof StrategicMergePatchError)) throw error;
        if (error.kind === 'bad-request') throw new ApiError(badRequest(error.message));
        if (error.kind === 'invalid') throw new ApiError(genericServerResponse(422, error.message));
        throw new ApiError(unknownError(error.message));
      }
    },
  };
}

/** The apply body: YAML (JSON included) decoded into a map, as util/yaml.Unmarshal does. */
async function applyBody(body: unknown): Promise<KubeObject> {
  let value: unknown = body;
  if (typeof body === 'string') {
    const { parse } = await import('yaml');
    try {
      value = parse(body, { version: '1.1' }) as unknown;
    } catch (error) {
      const message = (error as Error).message.split('\n')[0] ?? '';
      throw new ApiError(
        badRequest(`error decoding YAML: error converting YAML to JSON: yaml: ${message}`),
      );
    }
  }
  if (value === null || value === undefined) return {};
  if (!isJsonObject(value)) {
    throw new ApiError(
      badRequest(
        `error decoding YAML: error unmarshaling JSON: while decoding JSON: ${typeMismatch(value as Json, 'map[string]interface {}')}`,
      ),
    );
  }
  return value;
}

function checkAppliedName(object: KubeObject, name: string): KubeObject {
  const applied = object.metadata?.name ?? '';
  if (applied !== name) {
    throw new ApiError(
      badRequest(
        `the name of the object (${applied}) does not match the name on the URL (${name})`,
      ),
    );
  }
  return object;
}

async function applyPlan(request: ApiRequest, target: PatchTarget): Promise<PatchPlan> {
  const config = await applyBody(request.body);
  const scope = fieldManagerScope(target.strategy.type, target.subresource);
  const manager = request.query?.fieldManager ?? '';
  const force = request.query?.force === 'true';
  const apply = (live: KubeObject): KubeObject =>
    checkAppliedName(
      applyConfiguration(scope, live, config, manager, force, target.now),
      target.name,
    );
  return {
    mutate: apply,
    createMissing: () => apply(structuredClone(scope.zero)),
  };
}

/** Turns a PATCH request into the update to run, or fails as PatchResource does. */
export async function planPatch(request: ApiRequest, target: PatchTarget): Promise<PatchPlan> {
  const type = patchType(request);
  const query = request.query ?? {};
  const errors = validateWriteOptions(query);
  if (type === APPLY_PATCH && !query.fieldManager) {
    errors.unshift(field.required('fieldManager', 'is required for apply patch'));
  } else if (type !== APPLY_PATCH && query.force !== undefined) {
    errors.unshift(field.forbidden('force', 'may not be specified for non-apply patch'));
  }
  if (errors.length > 0) {
    throw new ApiError(invalid({ group: 'meta.k8s.io', kind: 'PatchOptions' }, '', errors));
  }
  // fieldValidation defaults to Warn, which decodes patches strictly too.
  const strict = query.fieldValidation !== 'Ignore';
  const manager = managerOrUserAgent(request);
  switch (type) {
    case JSON_PATCH:
      return { ...jsonPatchPlan(request, strict), manager };
    case MERGE_PATCH:
      return { ...mergePatchPlan(request, strict), manager };
    case STRATEGIC_MERGE_PATCH:
      return { ...strategicPatchPlan(request, target), manager };
    default:
      return applyPlan(request, target);
  }
}
