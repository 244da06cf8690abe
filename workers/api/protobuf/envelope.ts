// Kubernetes' protobuf serialization as kube-apiserver decodes a request body
// (k8s.io/apimachinery pkg/runtime/serializer/protobuf/protobuf.go Serializer.Decode): the magic
// `k8s\0`, a runtime.Unknown envelope naming apiVersion and kind, and the object's message in
// `raw`, which becomes the JSON Go would write for the decoded object. The envelope's
// contentType and contentEncoding are ignored, as upstream ignores them.

import { goQuote } from '../errors.ts';
import { decodeMessage } from './decode.ts';
import { renderMessage, type JsonObject } from './render.ts';
import {
  messageType,
  protobufSchema,
  type GroupVersionKind,
  type MessageType,
} from './schema-format.ts';
import { ProtobufError } from './wire.ts';

export type { GroupVersionKind } from './schema-format.ts';

/**
 * A body that does not decode. `gvk` is the kind the body was decoded as, once the envelope has
 * been read (the handlers word their error by it).
 */
export class ProtobufDecodeError extends Error {
  override readonly name = 'ProtobufDecodeError';

  constructor(
    message: string,
    readonly gvk?: GroupVersionKind,
  ) {
    super(message);
  }
}

const MAGIC = [0x6b, 0x38, 0x73, 0x00];

const TYPE_META = messageType('TypeMeta', '1apiVersion:s=APIVersion 2kind:s');
const UNKNOWN = messageType(
  'Unknown',
  '1typeMeta!:TypeMeta 2raw!:y 3contentEncoding!:s 4contentType!:s',
  () => TYPE_META,
);

/** A runtime.Scheme as far as decoding needs it: its name (for errors) and its kinds. */
interface Scheme {
  name: string;
  messageOf(gvk: GroupVersionKind): MessageType | undefined;
}

/** kube-apiserver's legacyscheme.Scheme, where every built-in kind is registered. */
const LEGACY_SCHEME: Scheme = {
  name: 'pkg/api/legacyscheme/scheme.go:30',
  messageOf: (gvk) => protobufSchema().kind(gvk),
};

/**
 * The meta internal-version scheme that decodes DELETE bodies: DeleteOptions is registered
 * unversioned there, so it decodes under any apiVersion.
 */
export const META_SCHEME_NAME = 'pkg/apis/meta/internalversion/scheme/register.go:27';

const META_SCHEME: Scheme = {
  name: META_SCHEME_NAME,
  messageOf: (gvk) =>
    gvk.kind === 'DeleteOptions' ? protobufSchema().message('meta.DeleteOptions') : undefined,
};

export interface DecodedObject {
  object: JsonObject;
  gvk: GroupVersionKind;
}

/**
 * Decodes a create or update body. `defaults` (the endpoint's kind) fills in what the envelope
 * leaves out, as the handlers' default GVK does.
 */
export function decodeProtobufObject(data: Uint8Array, defaults?: GroupVersionKind): DecodedObject {
  return decode(data, LEGACY_SCHEME, defaults);
}

/** Decodes a DELETE body: meta.k8s.io/v1 DeleteOptions (or DeleteOptions of any version). */
export function decodeProtobufDeleteOptions(data: Uint8Array): DecodedObject {
  return decode(data, META_SCHEME, { group: 'meta.k8s.io', version: 'v1', kind: 'DeleteOptions' });
}

function decode(
  data: Uint8Array,
  scheme: Scheme,
  defaults: GroupVersionKind | undefined,
): DecodedObject {
  if (data.length === 0) throw new ProtobufDecodeError('empty data');
  if (data.length < MAGIC.length || MAGIC.some((byte, i) => data[i] !== byte)) {
    throw new ProtobufDecodeError(
      `provided data does not appear to be a protobuf message, expected prefix [${MAGIC.join(' ')}]`,
    );
  }
  if (data.length === MAGIC.length) throw new ProtobufDecodeError('empty body');
  const unknown = decoding(() => decodeMessage(UNKNOWN, data.subarray(MAGIC.length)));
  const typeMeta = unknown.get(1) as Map<number, unknown> | undefined;
  const apiVersion = (typeMeta?.get(1) as string | undefined) ?? '';
  const kind = (typeMeta?.get(2) as string | undefined) ?? '';
  const gvk = withDefaults(fromApiVersionAndKind(apiVersion, kind), defaults);
  const typeMetaText = `runtime.TypeMeta{APIVersion:${goQuote(apiVersion)}, Kind:${goQuote(kind)}}`;
  if (gvk.kind === '') {
    throw new ProtobufDecodeError(`Object 'Kind' is missing in '${typeMetaText}'`, gvk);
  }
  if (gvk.version === '') {
    throw new ProtobufDecodeError(`Object 'apiVersion' is missing in '${typeMetaText}'`, gvk);
  }
  const groupVersion = gvk.group === '' ? gvk.version : `${gvk.group}/${gvk.version}`;
  const message = scheme.messageOf(gvk);
  if (!message) {
    throw new ProtobufDecodeError(
      `no kind ${goQuote(gvk.kind)} is registered for version ${goQuote(groupVersion)} in scheme ${goQuote(scheme.name)}`,
      gvk,
    );
  }
  const raw = (unknown.get(2) as Uint8Array | undefined) ?? new Uint8Array(0);
  const object = decoding(
    () =>
      renderMessage(message, decodeMessage(message, raw), {
        kind: gvk.kind,
        apiVersion: groupVersion,
      }),
    gvk,
  );
  return { object, gvk };
}

function decoding<T>(decodeStep: () => T, gvk?: GroupVersionKind): T {
  try {
    return decodeStep();
  } catch (error) {
    if (error instanceof ProtobufError) throw new ProtobufDecodeError(error.message, gvk);
    throw error;
  }
}

/** schema.FromAPIVersionAndKind: an apiVersion that does not parse leaves only the kind. */
function fromApiVersionAndKind(apiVersion: string, kind: string): GroupVersionKind {
  if (apiVersion === '' || apiVersion === '/') return { group: '', version: '', kind };
  const parts = apiVersion.split('/');
  if (parts.length === 1) return { group: '', version: apiVersion, kind };
  if (parts.length === 2) return { group: parts[0] ?? '', version: parts[1] ?? '', kind };
  return { group: '', version: '', kind };
}

/** copyKindDefaults: the kind, and the group and version together, default to the endpoint's. */
function withDefaults(
  actual: GroupVersionKind,
  defaults: GroupVersionKind | undefined,
): GroupVersionKind {
  if (!defaults) return actual;
  const gvk = { ...actual };
  if (gvk.kind === '') gvk.kind = defaults.kind;
  if (gvk.version === '' && defaults.version !== '') {
    gvk.group = defaults.group;
    gvk.version = defaults.version;
  }
  return gvk;
}
