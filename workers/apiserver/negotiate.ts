// What the client gets for a successful read or write, by its Accept header. Plain JSON for now;
// server-side printing (as=Table) plugs in here.

import type { ApiRequest, ApiResponse } from '../client/protocol.ts';
import type { Strategy } from './registry/strategy.ts';
import { ok } from './responses.ts';

export function render(
  _strategy: Strategy,
  _request: ApiRequest,
  body: unknown,
  code = 200,
): ApiResponse {
  return ok(body, code);
}
