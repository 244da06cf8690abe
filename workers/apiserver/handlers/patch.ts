// PATCH bodies by content type (apiserver pkg/endpoints/handlers/patch.go): each becomes a
// function from the current object to the patched one, run inside the update's retry loop.

import { badRequest, unsupportedMediaType } from '../../api/errors.ts';
import { applyMergePatch } from '../../api/json-merge-patch.ts';
import type { ApiRequest, KubeObject } from '../../client/protocol.ts';
import { ApiError } from '../registry/generic.ts';

export const PATCH_TYPES = ['application/merge-patch+json'];

export function patcher(request: ApiRequest): (current: KubeObject) => KubeObject {
  const type = (request.contentType ?? '').split(';')[0]?.trim();
  if (type !== 'application/merge-patch+json') {
    throw new ApiError(unsupportedMediaType(PATCH_TYPES));
  }
  const patch = request.body;
  if (typeof patch !== 'object' || patch === null) {
    throw new ApiError(badRequest('the body of the request was in an unknown format'));
  }
  return (current) => applyMergePatch(current, patch) as KubeObject;
}
