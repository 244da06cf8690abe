import { describe, expect, it } from 'vitest';
import type { ApiRequest } from '../../client/protocol.ts';
import { Authenticator } from './authentication.ts';

const UNAUTHORIZED = {
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message: 'Unauthorized',
  reason: 'Unauthorized',
  code: 401,
};

const jane = { username: 'jane', groups: ['developers'] };
const authenticator = new Authenticator({ tokens: [{ token: 's3cr3t', user: jane }] });

function request(headers: Record<string, string[]> = {}): ApiRequest {
  return { verb: 'GET', path: '/api/v1/pods', headers };
}

describe('Authenticator', () => {
  it('takes an in-cluster caller as its transport names it', () => {
    const kubelet = { username: 'system:node:node-1', groups: ['system:nodes'] };
    expect(authenticator.authenticate({ ...request(), user: kubelet })).toEqual({ user: kubelet });
  });

  it.each([['Bearer s3cr3t'], ['bearer s3cr3t'], ['  Bearer   s3cr3t  ']])(
    'maps the bearer token of %j to its user, adding system:authenticated',
    (authorization) => {
      expect(authenticator.authenticate(request({ authorization: [authorization] }))).toEqual({
        user: { username: 'jane', groups: ['developers', 'system:authenticated'] },
      });
    },
  );

  it.each([
    ['no credentials', {}],
    ['an unknown token', { authorization: ['Bearer nope'] }],
    ['a blank token', { authorization: ['Bearer '] }],
    ['basic credentials', { authorization: ['Basic amFuZTpwdw=='] }],
    ['a token with trailing words', { authorization: ['Bearer s3cr3t extra'] }],
  ])('answers 401 Unauthorized for %s', (_case, headers) => {
    expect(authenticator.authenticate(request(headers))).toEqual({ status: UNAUTHORIZED });
  });
});
