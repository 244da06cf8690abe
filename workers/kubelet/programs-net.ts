// What the network programs (wget, nslookup, curl) share: the URL they are given, the pod's
// resolver (an IPv4 literal, then /etc/hosts, then cluster DNS through resolv.conf's search list
// with ndots:5, as glibc and musl do) and waiting for the network's answers.

import type { ConnectionResult, HttpRequest } from '../client/protocol.ts';
import { candidateNames } from './cluster-dns.ts';
import type { ContainerNetwork, Wait } from './process.ts';
import type { BuiltinContext } from './shell-builtins.ts';

export type Steps<T> = Generator<Wait, T, void>;

/** Linux gives up on a SYN nobody answers after 6 retries: 1+2+4+…+64 s. */
export const SYN_GIVE_UP_MS = 127_000;

export interface Url {
  scheme: 'http' | 'https';
  host: string;
  port: number;
  /** Path and query, `/` at least. */
  path: string;
  /** `host` or `host:port`, as the Host header carries it. */
  authority: string;
}

const DEFAULT_PORTS = { http: 80, https: 443 } as const;

/**
 * `[scheme://]host[:port][/path]`; null for another scheme or no host. No simulated server
 * listens on 443, so an https URL is refused before TLS would matter.
 */
export function parseUrl(url: string): Url | null {
  const match = /^(?:([a-z][a-z0-9+.-]*):\/\/)?([^/:?#]+)(?::(\d*))?([/?][^#]*)?(#.*)?$/i.exec(url);
  const scheme = (match?.[1] ?? 'http').toLowerCase();
  if (!match?.[2] || (scheme !== 'http' && scheme !== 'https')) return null;
  const host = match[2];
  const port = match[3] ? Number(match[3]) : DEFAULT_PORTS[scheme];
  const rawPath = match[4] ?? '/';
  return {
    scheme,
    host,
    port,
    path: rawPath.startsWith('?') ? `/${rawPath}` : rawPath,
    authority: match[3] ? `${host}:${match[3]}` : host,
  };
}

/** Waits, a round or more, for what the network answers. */
export function* awaited<T>(promise: Promise<T>): Steps<T> {
  const holder: { value?: { settled: T } } = {};
  yield {
    until: promise.then((settled) => {
      holder.value = { settled };
    }),
  };
  if (!holder.value) throw new Error('the network did not answer');
  return holder.value.settled;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** The address /etc/hosts gives `name`, if any. */
function fromHostsFile(files: Map<string, string>, name: string): string | undefined {
  for (const line of (files.get('/etc/hosts') ?? '').split('\n')) {
    const [ip = '', ...names] = line.replace(/#.*/, '').trim().split(/\s+/);
    if (IPV4.test(ip) && names.includes(name)) return ip;
  }
  return undefined;
}

/** The name's IPv4 addresses as the pod's resolver finds them; none when it cannot. */
export function* resolveAll(context: BuiltinContext, host: string): Steps<string[]> {
  const name = host.toLowerCase();
  if (IPV4.test(name)) return [name];
  const listed = fromHostsFile(context.files, name);
  if (listed) return [listed];
  const network = context.network;
  if (!network) return [];
  const answers = yield* awaited(network.lookup(candidateNames(name, network.namespace)));
  return answers.find((answer) => answer !== null) ?? [];
}

/** The name's first IPv4 address, or null. */
export function* resolveHost(context: BuiltinContext, host: string): Steps<string | null> {
  return (yield* resolveAll(context, host))[0] ?? null;
}

export function* connect(
  network: ContainerNetwork | undefined,
  ip: string,
  port: number,
  request: HttpRequest,
): Steps<ConnectionResult> {
  if (!network) return { kind: 'unanswered' };
  return yield* awaited(network.connect(ip, port, request));
}

/** A response's status line and headers, CRLF-terminated as on the wire. */
export function headerBlock(response: {
  status: number;
  reason: string;
  headers: [string, string][];
}): string[] {
  return [
    `HTTP/1.1 ${String(response.status)} ${response.reason}`,
    ...response.headers.map(([name, value]) => `${name}: ${value}`),
  ];
}
