// Request bodies in Kubernetes' protobuf encoding, which client-go's typed clients send, decoded
// as kube-apiserver's handlers decode them (k8s.io/apiserver pkg/endpoints/handlers create.go and
// update.go with rest.go transformDecodeError; delete.go): an object that does not decode is a
// 400 BadRequest naming the kind it was decoded as; DeleteOptions that do not decode fail with the
// decoder's own error, which the handler passes on untyped (a 500 without a reason).

import { badRequest, goQuote, unknownError } from '../../api/errors.ts';
import {
  decodeProtobufDeleteOptions,
  decodeProtobufObject,
  ProtobufDecodeError,
  type GroupVersionKind,
} from '../../api/protobuf/envelope.ts';
import type { KubeObject } from '../../client/protocol.ts';
import { ApiError, type DeleteRequest } from '../registry/generic.ts';

/** A create or update body; `expected` is the endpoint's kind. */
export function protobufObject(body: Uint8Array, expected: GroupVersionKind): KubeObject {
  try {
    return decodeProtobufObject(body, expected).object;
  } catch (error) {
    if (!(error instanceof ProtobufDecodeError)) throw error;
    throw new ApiError(badRequest(transformDecodeError(error, expected, body)));
  }
}

/** A DELETE body: DeleteOptions. */
export function protobufDeleteOptions(body: Uint8Array): DeleteRequest {
  try {
    return decodeProtobufDeleteOptions(body).object;
  } catch (error) {
    if (!(error instanceof ProtobufDecodeError)) throw error;
    throw new ApiError(unknownError(error.message));
  }
}

function transformDecodeError(
  error: ProtobufDecodeError,
  expected: GroupVersionKind,
  body: Uint8Array,
): string {
  const { gvk } = error;
  if (gvk !== undefined && gvk.kind !== '') {
    return `${gvk.kind} in version ${goQuote(gvk.version)} cannot be handled as a ${expected.kind}: ${error.message}`;
  }
  return `the object provided is unrecognized (must be of type ${expected.kind}): ${error.message} (${summarizeData(body)})`;
}

/** rest.go summarizeData: the start of a JSON object as text, of anything else in hex. */
function summarizeData(body: Uint8Array, maxLength = 30): string {
  if (body.length === 0) return '<empty>';
  const head = body.subarray(0, maxLength);
  const more = body.length > maxLength ? ' ...' : '';
  if (body[0] === 0x7b) return new TextDecoder().decode(head) + more;
  return [...head].map((byte) => byte.toString(16).padStart(2, '0')).join('') + more;
}
