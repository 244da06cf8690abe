// PATCH (apiserver pkg/endpoints/handlers/patch.go): the content type picks the mechanism (JSON
// patch, JSON merge patch, strategic merge patch, server-side apply), the options are checked,
// and the body becomes a function from the current object to the patched one, run inside the
// update's retry loop; apply also says what to create when the object is missing.

import { queryBool } from '../../api/query.ts';
import {
  badRequest,
  field,
  genericServerResponse,
  invalid,
  requestEntityTooLarge,
  unknownError,
} from '../../api/errors.ts';
import {
  applyMergePatch,
  copyJson,
  isJsonObject,
  type Json,
  type JsonObject,
} from '../../api/json-merge-patch.ts';
import { goPrint } from '../../api/patch/go-format.ts';
import { applyJsonPatch, decodeJsonPatch, JsonPatchError } from '../../api/patch/json-patch.ts';
import { strategicMergeMapPatch } from '../../api/patch/strategic-merge-patch.ts';
import { PatchMetaSchema, StrategicMergePatchError } from '../../api/patch/strategic-meta.ts';
import type { ApiRequest, KubeObject } from '../../client/protocol.ts';
import { applyConfiguration } from '../fieldmanager/apply.ts';
import { fieldManagerScope } from '../fieldmanager/scopes.ts';
import type { GroupVersionKind } from '../../api/schema/types.ts';
import { ApiError } from '../registry/generic.ts';
import type { Strategy } from '../registry/strategy.ts';
import { subresourceInfo } from '../subresources.ts';
import { fieldValidation } from './decode.ts';
import {
  addWarnings,
  decodePatched,
  readApplyBody,
  readJsonBody,
  typeMismatch,
  type PatchedDecoding,
} from './patch-decoding.ts';
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
  /** Where strict decoding problems go under fieldValidation=Warn. */
  warnings: string[] | undefined;
}

type Decoding = Omit<PatchedDecoding, 'strictErrors' | 'invalidValue'>;

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

/** The kind the patched object must decode as: the resource's, or its subresource's. */
function decodedKind(target: PatchTarget): GroupVersionKind {
  const { group, version, kind } = target.strategy.type;
  return target.subresource
    ? subresourceInfo(target.strategy.type, target.subresource).kind
    : { group, version, kind };
}

const JSON_PATCH_OPERATION_FIELDS = new Set(['op', 'path', 'from', 'value']);

/**
 * kjson.UnmarshalStrict into []handlers.jsonPatchOp: wrong shapes fail at once, unknown fields
 * are strict errors.
 */
function checkJsonPatchOperations(value: Json): string[] {
  const fail = (message: string): never => {
    throw new ApiError(badRequest(`error decoding patch: ${message}`));
  };
  if (value === null) return [];
  if (!Array.isArray(value)) fail(typeMismatch(value, '[]handlers.jsonPatchOp'));
  const unknown: string[] = [];
  for (const [index, operation] of (value as Json[]).entries()) {
    if (operation === null) continue;
    if (!isJsonObject(operation)) fail(typeMismatch(operation, 'handlers.jsonPatchOp'));
    for (const [key, item] of Object.entries(operation as Record<string, Json>)) {
      if (!JSON_PATCH_OPERATION_FIELDS.has(key)) {
        unknown.push(`unknown field "[${index}].${key}"`);
      } else if (key !== 'value' && item !== null && typeof item !== 'string') {
        fail(
          typeMismatch(item, 'string').replace(
            'Go value of type',
            `Go struct field jsonPatchOp.${key} of type`,
          ),
        );
      }
    }
  }
  return unknown;
}

function jsonPatchPlan(request: ApiRequest, decoding: Decoding): PatchPlan {
  const strict = decoding.directive !== 'Ignore';
  const body = readJsonBody(request.body, (message) =>
    strict ? `error decoding patch: ${message}` : message,
  );
  const strictErrors = strict
    ? [...body.strictErrors, ...checkJsonPatchOperations(body.value)].map(
        (error) => `json patch ${error}`,
      )
    : [];
  let operations;
  try {
    operations = decodeJsonPatch(body.value);
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
      let patched: Json;
      try {
        patched = applyJsonPatch(current as Json, operations);
      } catch (error) {
        if (error instanceof JsonPatchError) {
          throw new ApiError(genericServerResponse(422, error.message));
        }
        throw error;
      }
      return decodePatched(patched, {
        ...decoding,
        strictErrors,
        invalidValue: () => JSON.stringify(patched),
      });
    },
  };
}

function mergePatchPlan(request: ApiRequest, decoding: Decoding): PatchPlan {
  const strict = decoding.directive !== 'Ignore';
  const body = readJsonBody(request.body, (message) =>
    strict ? `error decoding patch: ${message}` : 'Invalid JSON Patch',
  );
  const patch = body.value;
  if (strict && patch !== null && !isJsonObject(patch)) {
    throw new ApiError(
      badRequest(`error decoding patch: ${typeMismatch(patch, 'map[string]interface {}')}`),
    );
  }
  if (!isJsonObject(patch)) throw new ApiError(badRequest('Invalid JSON Patch'));
  return {
    mutate(current) {
      const patched = applyMergePatch(current, patch);
      return decodePatched(patched, {
        ...decoding,
        strictErrors: strict ? body.strictErrors : [],
        invalidValue: () => JSON.stringify(patched),
        touched: patch,
      });
    },
  };
}

function strategicPatchPlan(
  request: ApiRequest,
  target: PatchTarget,
  decoding: Decoding,
): PatchPlan {
  const body = readJsonBody(request.body, (message) => message);
  const patch = body.value;
  if (patch !== null && !isJsonObject(patch)) {
    throw new ApiError(badRequest(typeMismatch(patch, 'map[string]interface {}')));
  }
  const schema = new PatchMetaSchema(
    fieldManagerScope(target.strategy.type, target.subresource).updater.type,
  );
  return {
    mutate(current) {
      // Upstream's message shows the patch as the merge left it (directives consumed).
      const merging = structuredClone(patch ?? {});
      let patched: Json;
      try {
        patched = strategicMergeMapPatch(copyJson(current) as JsonObject, merging, schema);
      } catch (error) {
        if (!(error instanceof StrategicMergePatchError)) throw error;
        if (error.kind === 'bad-request') throw new ApiError(badRequest(error.message));
        if (error.kind === 'invalid') throw new ApiError(genericServerResponse(422, error.message));
        throw new ApiError(unknownError(error.message));
      }
      return decodePatched(patched, {
        ...decoding,
        strictErrors: decoding.directive === 'Ignore' ? [] : body.strictErrors,
        invalidValue: () => goPrint(merging),
        touched: patch,
      });
    },
  };
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

function applyPlan(request: ApiRequest, target: PatchTarget, decoding: Decoding): PatchPlan {
  const { config, duplicates } = readApplyBody(request.body);
  const scope = fieldManagerScope(target.strategy.type, target.subresource);
  const manager = request.query?.fieldManager ?? '';
  const force = queryBool(request.query?.force);
  const apply = (live: KubeObject): KubeObject => {
    const applied = applyConfiguration(scope, live, config, manager, force, target.now);
    checkAppliedName(applied, target.name);
    // The configuration's repeated keys are looked at only once the apply went through.
    if (duplicates !== undefined && decoding.directive === 'Strict') {
      throw new ApiError(badRequest(`error strict decoding YAML: ${duplicates}`));
    }
    if (duplicates !== undefined && decoding.directive === 'Warn') {
      addWarnings(decoding.warnings, [duplicates]);
    }
    // The typed object it becomes: quantities and times in their canonical form.
    return decodePatched(applied as Json, {
      ...decoding,
      directive: 'Ignore',
      strictErrors: [],
      invalidValue: () => JSON.stringify(applied),
    });
  };
  return {
    mutate: apply,
    createMissing: () => apply(structuredClone(scope.zero)),
  };
}

/** Turns a PATCH request into the update to run, or fails as PatchResource does. */
export function planPatch(request: ApiRequest, target: PatchTarget): PatchPlan {
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
  const decoding: Decoding = {
    kind: decodedKind(target),
    directive: fieldValidation(query, 'PatchOptions'),
    warnings: target.warnings,
  };
  const manager = managerOrUserAgent(request);
  switch (type) {
    case JSON_PATCH:
      return { ...jsonPatchPlan(request, decoding), manager };
    case MERGE_PATCH:
      return { ...mergePatchPlan(request, decoding), manager };
    case STRATEGIC_MERGE_PATCH:
      return { ...strategicPatchPlan(request, target, decoding), manager };
    default:
      return applyPlan(request, target, decoding);
  }
}
