// Who is calling (k8s.io/apiserver pkg/authentication and pkg/endpoints/filters/authentication.go).
// Components inside the cluster arrive already identified, as with client certificates: their
// transport names them. Requests from outside carry credentials: a bearer token from the static
// token list (`--token-auth-file`). Anonymous requests are refused with 401, as with
// `--anonymous-auth=false`.

import { unauthorized, type Status } from '../../api/errors.ts';
import type { ApiRequest, UserInfo } from '../../client/protocol.ts';

/** One line of a token file: the token and the user it stands for. */
export interface StaticToken {
  token: string;
  user: UserInfo;
}

export interface AuthenticationConfig {
  tokens?: readonly StaticToken[];
}

export const SYSTEM_AUTHENTICATED = 'system:authenticated';

export type Authentication = { user: UserInfo } | { status: Status };

function header(request: ApiRequest, name: string): string | undefined {
  return request.headers?.[name]?.[0];
}

/** The token of an `Authorization: Bearer …` header; a blank token counts as none. */
function bearerToken(request: ApiRequest): string | undefined {
  const value = header(request, 'authorization');
  if (value === undefined) return undefined;
  const [scheme, token, ...rest] = value.trim().split(/\s+/);
  if (scheme?.toLowerCase() !== 'bearer' || rest.length > 0 || !token) return undefined;
  return token;
}

/** The authenticated group adder: every authenticated user is in system:authenticated. */
function withAuthenticatedGroup(user: UserInfo): UserInfo {
  if (user.groups.includes(SYSTEM_AUTHENTICATED)) return user;
  return { ...user, groups: [...user.groups, SYSTEM_AUTHENTICATED] };
}

export class Authenticator {
  private readonly tokens: ReadonlyMap<string, UserInfo>;

  constructor(config: AuthenticationConfig = {}) {
    this.tokens = new Map((config.tokens ?? []).map(({ token, user }) => [token, user]));
  }

  authenticate(request: ApiRequest): Authentication {
    if (request.user) return { user: request.user };
    const token = bearerToken(request);
    const user = token === undefined ? undefined : this.tokens.get(token);
    if (!user) return { status: unauthorized('Unauthorized') };
    return { user: withAuthenticatedGroup(user) };
  }
}
