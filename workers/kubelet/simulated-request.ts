// One HTTP request inside the cluster, hop by hop: the client pod's resolver asks cluster DNS,
// the first packet walks the source node's kube-proxy rules (and, for a NodePort on another
// node, that node's), DNAT picks an endpoint with the seeded Rng, and the pod at the address
// answers as its image would — nginx's welcome page, httpd's "It works!", agnhost's hostname —
// or the connection is refused or times out. Left out: conntrack, NetworkPolicy, HTTPS.

import type { Pod, Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { resolve } from './cluster-dns.ts';
import { findImage } from './images.ts';
import { walkPacket, type Draw, type WalkResult } from './packet-walk.ts';
import type { RuleTable } from './proxy-rules.ts';

export interface ClusterView {
  services: Service[];
  slices: EndpointSlice[];
  pods: Pod[];
  /** Node names and their InternalIP. */
  nodes: { name: string; ip: string }[];
  /** The kube-proxy rules of a node. */
  rulesFor(nodeName: string): RuleTable;
}

export type RequestSource = { pod: Pod } | { node: string };

export interface Hop {
  /** `pod:<ns>/<name>`, `kube-proxy/<node>`, `kube-dns`. */
  from: string;
  to: string;
  label: string;
}

export type RequestOutcome =
  | { kind: 'response'; status: number; body: string; pod: Pod; address: string }
  | { kind: 'bad-address'; host: string }
  | { kind: 'refused'; ip: string; port: number }
  | { kind: 'timeout'; ip: string; port: number };

export interface RequestResult {
  hops: Hop[];
  outcome: RequestOutcome;
}

export interface Target {
  host: string;
  port: number;
  path: string;
}

/** `http://host[:port][/path]` or `host[:port]`. */
export function parseTarget(url: string): Target | null {
  const match = /^(?:http:\/\/)?([^/:]+)(?::(\d+))?(\/.*)?$/.exec(url);
  if (!match?.[1]) return null;
  return { host: match[1], port: match[2] ? Number(match[2]) : 80, path: match[3] ?? '/' };
}

export const NGINX_WELCOME = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

const HTTPD_WORKS = '<html><body><h1>It works!</h1></body></html>\n';

const podRef = (pod: Pod): string =>
  `pod:${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;

function isRunning(pod: Pod, container: string): boolean {
  return (
    pod.status?.phase === 'Running' &&
    (pod.status.containerStatuses ?? []).some(
      (status) => status.name === container && status.state?.running !== undefined,
    )
  );
}

/** What the pod's HTTP server answers on `port`, or null when nothing listens there. */
export function httpAnswer(
  pod: Pod,
  port: number,
  path: string,
): { status: number; body: string } | null {
  for (const container of pod.spec?.containers ?? []) {
    if (!isRunning(pod, container.name)) continue;
    const image = findImage(container.image ?? '');
    const repository = image?.repository ?? '';
    const args = [...(container.command ?? []), ...(container.args ?? [])];
    if (repository.endsWith('/agnhost')) {
      const hostname = pod.spec?.hostname ?? pod.metadata?.name ?? '';
      if (args.includes('serve-hostname') && port === 9376) return { status: 200, body: hostname };
      const httpPort = /--http-port=(\d+)/.exec(args.join(' '))?.[1] ?? '8080';
      if (args.includes('netexec') && port === Number(httpPort) && path === '/hostname')
        return { status: 200, body: hostname };
      continue;
    }
    // A container whose command replaces the image's server runs no server.
    if (container.command?.length || !image?.ports.includes(port)) continue;
    if (repository.endsWith('/nginx'))
      return path === '/' || path === '/index.html'
        ? { status: 200, body: NGINX_WELCOME }
        : { status: 404, body: '' };
    if (repository.endsWith('/httpd')) return { status: 200, body: HTTPD_WORKS };
    // The HPA walkthrough's php-apache: index.php answers after its busy loop.
    if (repository.endsWith('/hpa-example')) return { status: 200, body: 'OK!' };
  }
  return null;
}

function sourceOf(
  view: ClusterView,
  source: RequestSource,
): { ip: string; node: string; ref: string; namespace: string | null } | null {
  if ('pod' in source) {
    const pod = source.pod;
    const node = pod.spec?.nodeName;
    if (!node || !pod.status?.podIP) return null;
    return {
      ip: pod.status.podIP,
      node,
      ref: podRef(pod),
      namespace: pod.metadata?.namespace ?? 'default',
    };
  }
  const node = view.nodes.find((candidate) => candidate.name === source.node);
  return node
    ? { ip: node.ip, node: node.name, ref: `kube-proxy/${node.name}`, namespace: null }
    : null;
}

function describeWalk(walk: WalkResult): string {
  const chains = walk.steps
    .map((rule) => rule.target)
    .filter((target) => target.startsWith('KUBE-'));
  const verdict =
    walk.verdict.kind === 'dnat' ? `DNAT ${walk.verdict.to}` : walk.verdict.kind.toUpperCase();
  return [...new Set(chains), verdict].join(' → ');
}

/** Where the first packet of a connection went once the rules had it. */
export type Route =
  | { kind: 'refused' | 'timeout'; ip: string; port: number }
  /** To `ip:port` (after any DNAT), from `node`'s rules. */
  | { kind: 'routed'; ip: string; port: number; node: string };

/**
 * The first packet through the source node's kube-proxy rules (and, for a NodePort on another
 * node, that node's), each rule walk recorded as a hop from `from` or the node before.
 */
export function routePacket(
  view: ClusterView,
  from: { ip: string; node: string; ref: string; fromNode: boolean },
  destination: { ip: string; port: number },
  rng: Draw,
  hops: Hop[],
): Route {
  let { ip, port } = destination;
  let node = from.node;
  // The source node's rules, then (for another node's address) that node's.
  for (let leg = 0; leg < 2; leg++) {
    const own = view.nodes.find((candidate) => candidate.name === node);
    const walk = walkPacket(
      view.rulesFor(node),
      {
        source: from.ip,
        destination: ip,
        port,
        protocol: 'tcp',
        fromNode: leg === 0 && from.fromNode,
        localAddresses: own ? [own.ip] : [],
      },
      rng,
    );
    hops.push({
      from: leg === 0 ? from.ref : `node/${node}`,
      to: `kube-proxy/${node}`,
      label: `${ip}:${String(port)} ${describeWalk(walk)}`,
    });
    if (walk.verdict.kind === 'reject') return { kind: 'refused', ip, port };
    if (walk.verdict.kind === 'drop') return { kind: 'timeout', ip, port };
    if (walk.verdict.kind === 'dnat') {
      const [dnatIp = '', dnatPort = '0'] = walk.verdict.to.split(':');
      ip = dnatIp;
      port = Number(dnatPort);
      break;
    }
    const next = view.nodes.find((candidate) => candidate.ip === ip);
    if (!next || next.name === node) break;
    node = next.name;
  }
  return { kind: 'routed', ip, port, node };
}

export function simulateRequest(
  view: ClusterView,
  source: RequestSource,
  url: string,
  rng: Draw,
): RequestResult | null {
  const target = parseTarget(url);
  const from = sourceOf(view, source);
  if (!target || !from) return null;
  const hops: Hop[] = [];
  let ip = target.host;
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(target.host)) {
    // Only pods use cluster DNS (dnsPolicy ClusterFirst); a node's resolver does not know it.
    const answer = from.namespace
      ? resolve(target.host, from.namespace, view.services, view.slices)
      : null;
    hops.push({ from: from.ref, to: 'kube-dns', label: `DNS A ${answer?.name ?? target.host}?` });
    const address = answer?.addresses[0];
    if (!address) return { hops, outcome: { kind: 'bad-address', host: target.host } };
    hops.push({ from: 'kube-dns', to: from.ref, label: `A ${address}` });
    ip = address;
  }
  const route = routePacket(
    view,
    { ...from, fromNode: !('pod' in source) },
    { ip, port: target.port },
    rng,
    hops,
  );
  if (route.kind !== 'routed') return { hops, outcome: route };
  const { port, node } = route;
  ip = route.ip;
  const pod = view.pods.find(
    (candidate) =>
      candidate.status?.podIP === ip &&
      candidate.status.phase !== 'Succeeded' &&
      candidate.status.phase !== 'Failed',
  );
  if (!pod) {
    const nodeIPs = view.nodes.map((candidate) => candidate.ip);
    const outcome = nodeIPs.includes(ip)
      ? ({ kind: 'refused', ip, port } as const)
      : ({ kind: 'timeout', ip, port } as const);
    return { hops, outcome };
  }
  const answer = httpAnswer(pod, port, target.path);
  const address = `${ip}:${String(port)}`;
  hops.push({
    from: `kube-proxy/${node}`,
    to: podRef(pod),
    label: `GET ${target.path} → ${address}`,
  });
  if (!answer) return { hops, outcome: { kind: 'refused', ip, port } };
  hops.push({ from: podRef(pod), to: from.ref, label: `HTTP ${String(answer.status)}` });
  return {
    hops,
    outcome: { kind: 'response', status: answer.status, body: answer.body, pod, address },
  };
}
