// Request bodies of create and update, decoded as kube-apiserver's handlers do
// (k8s.io/apiserver pkg/endpoints/handlers/create.go, update.go, rest.go transformDecodeError;
// apimachinery pkg/runtime/serializer/json/json.go Decode, meta.go Interpret): the content type
// picks JSON or YAML (else 415), the fieldValidation parameter (default Warn) decides whether
// unknown and duplicate fields fail the request, warn, or pass, and malformed bodies fail with
// upstream's messages. Bodies from components in the cluster are objects: they skip the parsing
// but not the typed decoding.
// Protobuf bodies are read by protobuf-body.ts. Leaves out CBOR bodies.

import { badRequest, field, invalid, unsupportedMediaType } from '../../api/errors.ts';
import {
  GoJsonSyntaxError,
  jsonNodeOf,
  jsonValueOf,
  parseGoJson,
  type JsonNode,
} from '../../api/json/go-json.ts';
import { decodeTyped } from '../../api/schema/decode.ts';
import { kindSchema } from '../../api/schema/schema.ts';
import type { GroupVersionKind } from '../../api/schema/types.ts';
import type { ApiRequest, KubeObject } from '../../client/protocol.ts';
import { ApiError } from '../registry/generic.ts';
import { protobufObject } from './protobuf-body.ts';
import { yamlToJson } from './yaml-body.ts';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

const PROTOBUF = 'application/vnd.kubernetes.protobuf';

/** The serializers kube-apiserver negotiates request bodies among, in its order. */
export const BODY_MEDIA_TYPES = ['application/json', 'application/yaml', PROTOBUF];

const FIELD_VALIDATION_VALUES = ['', 'Ignore', 'Strict', 'Warn'];

/** The Go type json.Unmarshal reports when the body is not an object (meta.go findKind). */
const FIND_KIND_TYPE =
  'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';

const LEGACY_SCHEME = 'pkg/api/legacyscheme/scheme.go:30';

export interface DecodedBody {
  object: KubeObject;
  /** Strict decoding problems under fieldValidation=Warn, one Warning header each. */
  warnings: string[];
}

/**
 * The fieldValidation query parameter (rest.go fieldValidation); an unsupported value fails
 * like ValidateCreateOptions / ValidateUpdateOptions / ValidatePatchOptions.
 */
export function fieldValidation(
  query: Record<string, string> | undefined,
  options: 'CreateOptions' | 'UpdateOptions' | 'PatchOptions',
): FieldValidation {
  const value = query?.fieldValidation ?? '';
  if (!FIELD_VALIDATION_VALUES.includes(value)) {
    throw new ApiError(
      invalid({ group: 'meta.k8s.io', kind: options }, '', [
        field.notSupported('fieldValidation', value, FIELD_VALIDATION_VALUES),
      ]),
    );
  }
  return value === '' ? 'Warn' : (value as FieldValidation);
}

/** mime.ParseMediaType's media type, lower-cased, or undefined when it does not parse. */
export function mediaTypeOf(contentType: string | undefined): string | undefined {
  if (contentType === undefined || contentType.trim() === '') return undefined;
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return /^[\w!#$&^.+-]+\/[\w!#$&^.+-]+$/.test(type) ? type : '';
}

/** Decodes a create or update body of kind `expected` (the resource's, or its subresource's). */
export function decodeBody(
  request: ApiRequest,
  expected: GroupVersionKind,
  directive: FieldValidation,
): DecodedBody {
  const body = request.body;
  if (body instanceof Uint8Array && mediaTypeOf(request.contentType) === PROTOBUF) {
    // Protobuf knows no unknown or duplicate fields; its object still gets the typed decoding.
    return decodeNode(jsonNodeOf(protobufObject(body, expected)), '', expected, directive, []);
  }
  if (typeof body === 'string' || body instanceof Uint8Array || body === undefined) {
    return decodeText(body ?? '', request.contentType, expected, directive);
  }
  // Components' objects have no text; their compact JSON stands in for it in error summaries.
  return decodeNode(jsonNodeOf(body), JSON.stringify(body), expected, directive, []);
}

function decodeText(
  body: string | Uint8Array,
  contentType: string | undefined,
  expected: GroupVersionKind,
  directive: FieldValidation,
): DecodedBody {
  const mediaType = mediaTypeOf(contentType) ?? BODY_MEDIA_TYPES[0];
  if (
    typeof body !== 'string' ||
    (mediaType !== 'application/json' && mediaType !== 'application/yaml')
  ) {
    throw new ApiError(unsupportedMediaType(BODY_MEDIA_TYPES));
  }
  const unrecognized = (message: string) =>
    new ApiError(
      badRequest(
        `the object provided is unrecognized (must be of type ${expected.kind}): ${message} (${summarizeData(body)})`,
      ),
    );
  let json = body;
  const yamlErrors: string[] = [];
  if (mediaType === 'application/yaml') {
    const converted = yamlToJson(body);
    if ('error' in converted) throw unrecognized(converted.error);
    json = converted.json;
    if (directive !== 'Ignore' && converted.duplicates) yamlErrors.push(converted.duplicates);
  }
  let node: JsonNode;
  try {
    node = parseGoJson(json);
  } catch (error) {
    if (!(error instanceof GoJsonSyntaxError)) throw error;
    throw unrecognized(`couldn't get version/kind; json parse error: ${error.message}`);
  }
  return decodeNode(node, body, expected, directive, yamlErrors);
}

function decodeNode(
  node: JsonNode,
  body: string,
  expected: GroupVersionKind,
  directive: FieldValidation,
  yamlErrors: string[],
): DecodedBody {
  const actual = interpret(node);
  if ('error' in actual) {
    throw new ApiError(
      badRequest(
        `the object provided is unrecognized (must be of type ${expected.kind}): ${actual.error} (${summarizeData(body)})`,
      ),
    );
  }
  const gvk = withDefaults(actual, expected);
  const cannotHandle = (message: string) =>
    new ApiError(
      badRequest(
        `${gvk.kind} in version ${JSON.stringify(gvk.version)} cannot be handled as a ${expected.kind}: ${message}`,
      ),
    );
  const schema = kindSchema(gvk);
  if (!schema) {
    if (isExpected(gvk, expected)) return { object: plainObject(node), warnings: [] };
    const groupVersion = gvk.group === '' ? gvk.version : `${gvk.group}/${gvk.version}`;
    throw cannotHandle(
      `no kind ${JSON.stringify(gvk.kind)} is registered for version ${JSON.stringify(groupVersion)} in scheme ${JSON.stringify(LEGACY_SCHEME)}`,
    );
  }
  const decoded = decodeTyped(node, schema);
  if (decoded.error !== undefined) throw cannotHandle(decoded.error);
  const strictErrors = directive === 'Ignore' ? [] : [...yamlErrors, ...decoded.strictErrors];
  if (strictErrors.length > 0 && directive === 'Strict') {
    throw cannotHandle(`strict decoding error: ${strictErrors.join(', ')}`);
  }
  const warnings = directive === 'Warn' ? strictErrors.flatMap(warningLines) : [];
  return { object: decoded.value as KubeObject, warnings };
}

/** rest.go parseYAMLWarnings: a YAML strict error becomes one warning per line. */
export function warningLines(error: string): string[] {
  for (const prefix of [
    'yaml: unmarshal errors:\n',
    'error converting YAML to JSON: yaml: unmarshal errors:\n',
  ]) {
    if (error.startsWith(prefix))
      return error
        .slice(prefix.length)
        .split('\n')
        .map((line) => line.trim());
  }
  return [error];
}

function isExpected(gvk: GroupVersionKind, expected: GroupVersionKind): boolean {
  return (
    gvk.group === expected.group && gvk.version === expected.version && gvk.kind === expected.kind
  );
}

function plainObject(node: JsonNode): KubeObject {
  const value = jsonValueOf(node);
  return typeof value === 'object' && value !== null ? value : {};
}

/**
 * meta.go SimpleMetaFactory.Interpret: encoding/json into {apiVersion, kind} (whose field
 * matching ignores case), then schema.ParseGroupVersion.
 */
export function interpret(
  node: JsonNode,
): { group: string; version: string; kind: string } | { error: string } {
  const parseError = (message: string) => ({
    error: `couldn't get version/kind; json parse error: ${message}`,
  });
  if (node.type === 'null') return { group: '', version: '', kind: '' };
  if (node.type !== 'object') {
    const kind = node.type === 'bool' ? 'bool' : node.type;
    return parseError(`json: cannot unmarshal ${kind} into Go value of type ${FIND_KIND_TYPE}`);
  }
  const found: Record<'apiVersion' | 'kind', string> = { apiVersion: '', kind: '' };
  for (const [key, value] of node.entries) {
    const name = (['apiVersion', 'kind'] as const).find(
      (f) => f.toLowerCase() === key.toLowerCase(),
    );
    if (!name || value.type === 'null') continue;
    if (value.type !== 'string') {
      const kind = value.type === 'bool' ? 'bool' : value.type;
      return parseError(
        `json: cannot unmarshal ${kind} into Go struct field .${name} of type string`,
      );
    }
    found[name] = value.value;
  }
  const { apiVersion, kind } = found;
  if (apiVersion === '' || apiVersion === '/') return { group: '', version: '', kind };
  const parts = apiVersion.split('/');
  if (parts.length > 2) return { error: `unexpected GroupVersion string: ${apiVersion}` };
  const [group, version] = parts.length === 2 ? parts : ['', apiVersion];
  return { group: group ?? '', version: version ?? '', kind };
}

/** json.go gvkWithDefaults: what the body leaves out comes from the endpoint. */
export function withDefaults(
  actual: GroupVersionKind,
  defaults: GroupVersionKind,
): GroupVersionKind {
  const gvk = { ...actual };
  if (gvk.kind === '') gvk.kind = defaults.kind;
  if (gvk.version === '' && gvk.group === '') {
    gvk.group = defaults.group;
    gvk.version = defaults.version;
  }
  if (gvk.version === '' && gvk.group === defaults.group) gvk.version = defaults.version;
  return gvk;
}

/** rest.go summarizeData: the start of a JSON object as text, of anything else in hex. */
export function summarizeData(body: string, maxLength = 30): string {
  const bytes = new TextEncoder().encode(body);
  if (bytes.length === 0) return '<empty>';
  const head = bytes.subarray(0, maxLength);
  const more = bytes.length > maxLength ? ' ...' : '';
  if (bytes[0] === 0x7b) return new TextDecoder().decode(head) + more;
  return [...head].map((byte) => byte.toString(16).padStart(2, '0')).join('') + more;
}
