// A DELETE body, decoded as kube-apiserver's delete handler does (k8s.io/apiserver
// pkg/endpoints/handlers/delete.go): the content type picks JSON, YAML or protobuf (else 415), the
// body is DeleteOptions in meta.k8s.io/v1 (or a group's version), decoded without strictness, and
// a body that does not decode fails with the decoder's words as a plain error: a 500 in 1.32.

import { goQuote, unknownError, unsupportedMediaType } from '../../api/errors.ts';
import { GoJsonSyntaxError, jsonValueOf, parseGoJson } from '../../api/json/go-json.ts';
import { META_SCHEME_NAME } from '../../api/protobuf/envelope.ts';
import type { ApiRequest } from '../../client/protocol.ts';
import { ApiError, type DeleteRequest } from '../registry/generic.ts';
import { BODY_MEDIA_TYPES, interpret, mediaTypeOf, withDefaults } from './decode.ts';
import { protobufDeleteOptions } from './protobuf-body.ts';
import { yamlToJson } from './yaml-body.ts';

const DELETE_OPTIONS = { group: 'meta.k8s.io', version: 'v1', kind: 'DeleteOptions' };

type GoType = 'int64' | 'bool' | 'string' | '[]string' | 'types.UID' | 'v1.DeletionPropagation';

/** The DeleteOptions fields and the Go types json.Unmarshal checks them against. */
const FIELD_TYPES: Record<string, GoType> = {
  gracePeriodSeconds: 'int64',
  orphanDependents: 'bool',
  propagationPolicy: 'v1.DeletionPropagation',
  dryRun: '[]string',
  ignoreStoreReadErrorWithClusterBreakingPotential: 'bool',
};

const PRECONDITION_TYPES: Record<string, GoType> = { uid: 'types.UID', resourceVersion: 'string' };

export function decodeDeleteOptions(request: ApiRequest): DeleteRequest {
  const { body } = request;
  if (body === undefined || body === '') return {};
  // Components in the cluster send the options as an object.
  if (typeof body !== 'string' && !(body instanceof Uint8Array)) return body as DeleteRequest;
  const mediaType = mediaTypeOf(request.contentType) ?? BODY_MEDIA_TYPES[0];
  if (body instanceof Uint8Array) {
    if (mediaType === BODY_MEDIA_TYPES[2]) return protobufDeleteOptions(body);
    throw new ApiError(unsupportedMediaType(BODY_MEDIA_TYPES));
  }
  if (mediaType !== BODY_MEDIA_TYPES[0] && mediaType !== BODY_MEDIA_TYPES[1]) {
    throw new ApiError(unsupportedMediaType(BODY_MEDIA_TYPES));
  }
  try {
    return deleteOptionsOf(mediaType === BODY_MEDIA_TYPES[1] ? fromYaml(body) : body);
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
    throw new ApiError(unknownError(error.message));
  }
}

class DecodeError extends Error {}

function fromYaml(text: string): string {
  const converted = yamlToJson(text);
  if ('error' in converted) throw new DecodeError(converted.error);
  return converted.json;
}

function deleteOptionsOf(json: string): DeleteRequest {
  let node;
  try {
    node = parseGoJson(json);
  } catch (error) {
    if (!(error instanceof GoJsonSyntaxError)) throw error;
    throw new DecodeError(`couldn't get version/kind; json parse error: ${error.message}`);
  }
  const actual = interpret(node);
  if ('error' in actual) throw new DecodeError(actual.error);
  // DeleteOptions is registered unversioned, so any apiVersion will do; no other kind will.
  const gvk = withDefaults(actual, DELETE_OPTIONS);
  if (gvk.kind !== DELETE_OPTIONS.kind) {
    const groupVersion = gvk.group === '' ? gvk.version : `${gvk.group}/${gvk.version}`;
    throw new DecodeError(
      `no kind ${goQuote(gvk.kind)} is registered for version ${goQuote(groupVersion)} in scheme ${goQuote(META_SCHEME_NAME)}`,
    );
  }
  const value = jsonValueOf(node);
  if (value === null) return {};
  const fields = value as Record<string, unknown>;
  for (const [name, type] of Object.entries(FIELD_TYPES)) checkType(fields[name], name, type);
  const preconditions = fields.preconditions;
  if (preconditions !== undefined && preconditions !== null) {
    if (typeof preconditions !== 'object' || Array.isArray(preconditions))
      throw mistyped(preconditions, 'preconditions', 'v1.Preconditions');
    for (const [name, type] of Object.entries(PRECONDITION_TYPES))
      checkType((preconditions as Record<string, unknown>)[name], `preconditions.${name}`, type);
  }
  return fields;
}

function checkType(value: unknown, path: string, type: GoType): void {
  if (value === undefined || value === null) return;
  if (type === '[]string') {
    if (!Array.isArray(value)) throw mistyped(value, path, type);
    for (const item of value as unknown[])
      if (typeof item !== 'string') throw mistyped(item, path, 'string');
    return;
  }
  const expected = type === 'int64' ? 'number' : type === 'bool' ? 'boolean' : 'string';
  if (typeof value !== expected || (type === 'int64' && !Number.isInteger(value)))
    throw mistyped(value, path, type);
}

/**
 * encoding/json's UnmarshalTypeError for a DeleteOptions field: a number names its literal only
 * when it was meant for a number.
 */
function mistyped(value: unknown, path: string, type: GoType | 'v1.Preconditions'): DecodeError {
  const goValue =
    typeof value === 'number'
      ? type === 'int64'
        ? `number ${String(value)}`
        : 'number'
      : Array.isArray(value)
        ? 'array'
        : typeof value === 'object'
          ? 'object'
          : typeof value === 'boolean'
            ? 'bool'
            : typeof value;
  return new DecodeError(
    `json: cannot unmarshal ${goValue} into Go struct field DeleteOptions.${path} of type ${type}`,
  );
}
