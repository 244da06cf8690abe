// The shapes of an answer: JSON bodies, Status failures and the generic 404 for paths the
// server does not serve.

import type { Status } from '../api/errors.ts';
import type { ApiResponse, KubeObject } from '../client/protocol.ts';
import type { Strategy } from './registry/strategy.ts';

export const NOT_FOUND_RESOURCE: Status = {
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message: 'the server could not find the requested resource',
  reason: 'NotFound',
  details: {},
  code: 404,
};

/** go-restful's answer when a path exists but not with this method (`DELETE …/pods/x/status`). */
export const METHOD_NOT_ALLOWED: Status = {
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message: 'the server does not allow this method on the requested resource',
  reason: 'MethodNotAllowed',
  details: {},
  code: 405,
};

export function ok(body: unknown, code = 200): ApiResponse {
  return { code, body, contentType: 'application/json' };
}

export function statusResponse(status: Status): ApiResponse {
  return { code: status.code, body: status, contentType: 'application/json' };
}

export function listKind(strategy: Strategy): string {
  return `${strategy.type.kind}List`;
}

/** List items carry no apiVersion/kind: the list's own fields say it, as kube-apiserver serves them. */
export function asItem(object: KubeObject): KubeObject {
  const { apiVersion: _apiVersion, kind: _kind, ...rest } = object;
  return rest;
}
