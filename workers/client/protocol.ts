// The one contract file: every shape that crosses a component boundary is defined here.
// A browser worker, the in-process host, the Node host and (later) the HTTP front all speak it.

import type { StoreState } from './store-state.ts';
import type { ObjectMeta as ReadonlyObjectMeta } from 'kubernetes-types/meta/v1';
import type { AgentMessage, TabMessage } from '../../agent/protocol.ts';

export const PROTOCOL_VERSION = 1;

/** A component's identity on the wire, e.g. `kube-apiserver`, `kubelet/node-1`. */
export type ComponentId = string;

export const APISERVER: ComponentId = 'kube-apiserver';
export const ETCD: ComponentId = 'etcd';
export const SCHEDULER: ComponentId = 'kube-scheduler';
export const CONTROLLER_MANAGER: ComponentId = 'kube-controller-manager';
/** The kubectl of the UI's editor and terminal. */
export const KUBECTL: ComponentId = 'kubectl';
/** The page's link to the local agent (agent/protocol.ts), which Docker nodes' runtimes call. */
export const AGENT: ComponentId = 'agent';

export function kubeletId(node: string): ComponentId {
  return `kubelet/${node}`;
}

export function kubeProxyId(node: string): ComponentId {
  return `kube-proxy/${node}`;
}

// ---------------------------------------------------------------------------------------------
// Kubernetes API requests: the HTTP request itself, as kube-apiserver sees it.

export type HttpVerb = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface UserInfo {
  username: string;
  groups: string[];
  uid?: string;
  /** Extra attributes (scopes, the impersonator's extras), as user.Info.GetExtra. */
  extra?: Record<string, string[]>;
}

export interface ApiRequest {
  verb: HttpVerb;
  /** e.g. `/api/v1/namespaces/default/pods/nginx/status` */
  path: string;
  query?: Record<string, string>;
  /**
   * Every value of each parameter, as Go's url.Values holds them, where a parameter repeats
   * (pods/exec's `command`); `query` has the first of each.
   */
  queryValues?: Record<string, string[]>;
  /**
   * An object from components in the cluster; from HTTP, the raw body: text, or bytes
   * (Uint8Array) for application/vnd.kubernetes.protobuf.
   */
  body?: unknown;
  /** Content-Type of the body; decides the patch type for PATCH. */
  contentType?: string;
  /** Accept header, e.g. for Table output. */
  accept?: string;
  /** The authenticated caller; set by the HTTP front from credentials, or by a component's transport. */
  user?: UserInfo;
  /** Other request headers that matter to the API server (Impersonate-*), lower-cased names. */
  headers?: Record<string, string[]>;
}

export interface ApiResponse {
  code: number;
  body: unknown;
  contentType?: string;
  /** `Warning` headers (field validation warnings, deprecations): 299 - "text". */
  warnings?: string[];
  /** Other response headers (ETag, Vary) by name. */
  headers?: Record<string, string>;
  /**
   * The body goes on: after `body` (text so far), `stream-data` messages carry the rest until
   * `stream-end`, as a chunked HTTP answer does (`kubectl logs -f`). The receiver may leave
   * with `stream-cancel`. A `101` head switches to the remote command protocol (pods/exec):
   * the stream's data then travels on channels, both ways.
   */
  stream?: boolean;
}

/**
 * The channels of a remote command stream (`v5.channel.k8s.io`, as kubelet's remotecommand
 * server and kube-apiserver's stream translator number them 0 to 4): the requester writes
 * `stdin` and `resize` (`{"Width":80,"Height":24}`), the answerer `stdout`, `stderr` and `error`
 * (the metav1.Status that ends the command).
 */
export type StreamChannel = 'stdin' | 'stdout' | 'stderr' | 'error' | 'resize';

/**
 * A request to a kubelet's own server (port 10250), which kube-apiserver makes for pods/log and
 * pods/exec (and later attach, port-forward and proxy): the one call that goes from the API server to a
 * component. The answer is an ApiResponse with a text body, streamed when it says so.
 */
export interface KubeletRequest {
  verb: HttpVerb;
  /** The URL kube-apiserver dials: `https://172.18.0.3:10250/containerLogs/default/web/web?follow=true`. */
  url: string;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchEvent {
  type: WatchEventType;
  object: KubeObject;
}

/** Any Kubernetes object as plain JSON; kinds are typed with kubernetes-types' declarations. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
}

/** kubernetes-types marks server-set fields readonly; the API server is the one that sets them. */
export type ObjectMeta = {
  -readonly [Field in keyof ReadonlyObjectMeta]: ReadonlyObjectMeta[Field];
};

export type { OwnerReference } from 'kubernetes-types/meta/v1';

// ---------------------------------------------------------------------------------------------
// etcd v3: the subset of the KV and Watch services kube-apiserver uses (etcd3/store.go).
// Keys and values are strings (the playground stores JSON), otherwise shaped like etcdserverpb.

export interface KeyValue {
  key: string;
  value: string;
  create_revision: number;
  mod_revision: number;
  version: number;
  lease?: number;
}

export interface ResponseHeader {
  revision: number;
}

export interface RangeRequest {
  key: string;
  /** Exclusive end; `prefixEnd(key)` for a prefix, absent for a single key. */
  range_end?: string;
  limit?: number;
  /** 0 or absent: the newest revision. */
  revision?: number;
  keys_only?: boolean;
  count_only?: boolean;
}

export interface RangeResponse {
  header: ResponseHeader;
  kvs: KeyValue[];
  more: boolean;
  count: number;
}

export interface PutRequest {
  key: string;
  value: string;
  lease?: number;
  prev_kv?: boolean;
}

export interface DeleteRangeRequest {
  key: string;
  range_end?: string;
  prev_kv?: boolean;
}

export type RequestOp =
  | { request_range: RangeRequest }
  | { request_put: PutRequest }
  | { request_delete_range: DeleteRangeRequest };

export type ResponseOp =
  | { response_range: RangeResponse }
  | { response_put: { header: ResponseHeader; prev_kv?: KeyValue } }
  | { response_delete_range: { header: ResponseHeader; deleted: number; prev_kvs?: KeyValue[] } };

export interface Compare {
  key: string;
  target: 'VERSION' | 'CREATE' | 'MOD' | 'VALUE';
  result: 'EQUAL' | 'GREATER' | 'LESS' | 'NOT_EQUAL';
  version?: number;
  create_revision?: number;
  mod_revision?: number;
  value?: string;
}

export interface TxnRequest {
  compare: Compare[];
  success: RequestOp[];
  failure: RequestOp[];
}

export interface TxnResponse {
  header: ResponseHeader;
  succeeded: boolean;
  responses: ResponseOp[];
}

export interface WatchCreateRequest {
  key: string;
  range_end?: string;
  start_revision?: number;
  prev_kv?: boolean;
}

export interface MvccEvent {
  type: 'PUT' | 'DELETE';
  kv: KeyValue;
  prev_kv?: KeyValue;
}

export interface WatchResponse {
  header: ResponseHeader;
  watch_id: number;
  events: MvccEvent[];
  /** Set, with canceled, when the start revision was already compacted. */
  compact_revision?: number;
  canceled?: boolean;
  cancel_reason?: string;
}

export type PutResponse = Extract<ResponseOp, { response_put: unknown }>['response_put'];
export type DeleteRangeResponse = Extract<
  ResponseOp,
  { response_delete_range: unknown }
>['response_delete_range'];

// The Lease service: `ID` and `TTL` (seconds) keep etcdserverpb's spelling.
export interface LeaseGrantResponse {
  header: ResponseHeader;
  ID: number;
  TTL: number;
}

export interface LeaseKeepAliveResponse {
  header: ResponseHeader;
  ID: number;
  /** The granted TTL again, or 0 when the lease has expired or was revoked. */
  TTL: number;
}

export interface LeaseTimeToLiveResponse {
  header: ResponseHeader;
  ID: number;
  /** Whole seconds left, or -1 when the lease has expired or was revoked. */
  TTL: number;
  grantedTTL: number;
  keys?: string[];
}

export type EtcdCall =
  | { op: 'range'; request: RangeRequest }
  | { op: 'put'; request: PutRequest }
  | { op: 'delete-range'; request: DeleteRangeRequest }
  | { op: 'txn'; request: TxnRequest }
  | { op: 'compact'; revision: number }
  | { op: 'watch'; request: WatchCreateRequest }
  | { op: 'cancel-watch'; watchId: number }
  | { op: 'lease-grant'; ttl: number }
  | { op: 'lease-revoke'; id: number }
  | { op: 'lease-keepalive'; id: number }
  | { op: 'lease-timetolive'; id: number; keys: boolean }
  /** Maintenance.Snapshot: the member's whole state (store-state.ts), for a snapshot file. */
  | { op: 'snapshot' };

export type EtcdResult =
  | { op: 'range'; response: RangeResponse }
  | { op: 'put'; response: PutResponse }
  | { op: 'delete-range'; response: DeleteRangeResponse }
  | { op: 'txn'; response: TxnResponse }
  | { op: 'compact'; response: { header: ResponseHeader } }
  | { op: 'watch'; watchId: number }
  | { op: 'cancel-watch' }
  | { op: 'lease-grant'; response: LeaseGrantResponse }
  | { op: 'lease-revoke'; response: { header: ResponseHeader } }
  | { op: 'lease-keepalive'; response: LeaseKeepAliveResponse }
  | { op: 'lease-timetolive'; response: LeaseTimeToLiveResponse }
  | { op: 'snapshot'; state: StoreState };

/** An etcd error as the gRPC status it travels as, e.g. OutOfRange "mvcc: required revision has been compacted". */
export interface EtcdError {
  code: 'OutOfRange' | 'InvalidArgument' | 'NotFound' | 'FailedPrecondition' | 'Internal';
  message: string;
}

// ---------------------------------------------------------------------------------------------
// Messages between components. Every message is one hop on the diagram.

export type Message =
  | { type: 'api-request'; id: number; request: ApiRequest }
  | { type: 'api-response'; id: number; response: ApiResponse }
  | { type: 'watch-events'; id: number; events: WatchEvent[] }
  | { type: 'watch-end'; id: number }
  | { type: 'watch-cancel'; id: number }
  | { type: 'etcd-call'; id: number; call: EtcdCall }
  | { type: 'etcd-result'; id: number; result?: EtcdResult; error?: EtcdError }
  | { type: 'etcd-watch'; response: WatchResponse }
  // The API server's requests to kubelets; the stream messages continue a streamed answer
  // (kubelet → API server → client), numbered by the request they answer. After a 101 head they
  // carry a channel, and go the other way too: the requester's `stdin`/`resize` data, and its
  // `stream-end` on `stdin` when its input has ended.
  | { type: 'kubelet-request'; id: number; request: KubeletRequest }
  | { type: 'kubelet-response'; id: number; response: ApiResponse }
  | { type: 'stream-data'; id: number; data: string; channel?: StreamChannel }
  | { type: 'stream-end'; id: number; channel?: 'stdin' }
  | { type: 'stream-cancel'; id: number }
  // A fault a scenario injects, from the host's kubectl to a kubelet: the node drops off the
  // network (no status, no Lease, no watch) or comes back.
  | { type: 'node-fault'; fault: 'partition' | 'heal' }
  // The pod network (docs/decisions/0002-pod-network.md): a pod's resolver asks its node's
  // network for names (answered as CoreDNS would), its connections leave through the node's
  // kube-proxy rules and reach the kubelet of the serving pod's node, which answers the client's
  // kubelet (the reply direction of the connection).
  | { type: 'dns-query'; id: number; query: DnsQuery }
  | { type: 'dns-answer'; id: number; answers: (string[] | null)[] }
  | { type: 'pod-connect'; id: number; connection: PodConnection }
  | { type: 'pod-connect-result'; id: number; result: ConnectionResult }
  // A Docker node's runtime and the local agent: the runtime's frames for the agent (numbered by
  // the runtime), and the agent's answers and container events, through the page's agent component.
  | { type: 'agent-call'; frame: AgentCallFrame }
  | { type: 'agent-frame'; frame: AgentMessage };

/** What a runtime sends the agent: its calls, their input, and leaving them. */
export type AgentCallFrame = Extract<
  TabMessage,
  { type: 'call' | 'cancel' | 'stdin' | 'stdin-end' }
>;

/** A pod's resolver asking cluster DNS for A records, one fully qualified name after another. */
export interface DnsQuery {
  /** The asking pod, `<namespace>/<name>`. */
  pod: string;
  names: string[];
}

/** The one HTTP/1.1 request a simulated client sends on a new connection. */
export interface HttpRequest {
  method: 'GET' | 'HEAD';
  path: string;
  /** The Host header. */
  host: string;
  userAgent: string;
  /** The client sent `Connection: close` (busybox wget does). */
  close?: boolean;
}

export interface HttpResponse {
  status: number;
  reason: string;
  /** In the order the server sends them. */
  headers: [string, string][];
  body: string;
}

/** A new TCP connection from a pod and the request it carries. */
export interface PodConnection {
  /** Where the answer goes: the client pod's kubelet and its number for the connection. */
  client: ComponentId;
  clientId: number;
  /** `<namespace>/<name>` and IP of the client pod. */
  pod: string;
  source: string;
  /** The ephemeral port the client's kernel picked. */
  sourcePort: number;
  /** Before DNAT as the client addressed it; after, as the serving node receives it. */
  destination: string;
  port: number;
  request: HttpRequest;
}

/**
 * How a connection went: answered, closed without an answer (a server of another protocol),
 * refused (a REJECT rule or no listener: RST), or never answered (a DROP rule, an address
 * nothing holds), which the client only learns by timing out.
 */
export type ConnectionResult =
  | { kind: 'response'; response: HttpResponse }
  | { kind: 'closed' }
  | { kind: 'refused' }
  | { kind: 'unanswered' };

export interface Envelope {
  from: ComponentId;
  to: ComponentId;
  /** Per-sender sequence number; receivers order a round's inbox by (from, seq). */
  seq: number;
  message: Message;
}

// ---------------------------------------------------------------------------------------------
// Trace records: what the diagram animates. One per hop, recorded by the sender.

export type TraceKind =
  | 'request'
  | 'response'
  | 'watch'
  | 'watch-end'
  | 'stream'
  | 'etcd'
  | 'etcd-reply'
  | 'etcd-notify'
  | 'runtime'
  | 'internal'
  /** A simulated packet between pods, nodes and kube-proxy's rules (a request inside the cluster). */
  | 'packet';

export interface TraceRecord {
  /** Global order, assigned by the host after each round. */
  seq: number;
  /** The round the hop left its sender in; hops of one round travel together. */
  round: number;
  /** Virtual time in ms since the epoch. */
  time: number;
  from: ComponentId;
  to: ComponentId;
  kind: TraceKind;
  /** What the token on the edge says, e.g. `POST pods`, `txn put`, `watch ADDED`. */
  label: string;
  /** The object concerned: `pods/default/nginx`, `/registry/pods/default/nginx`, `nodes/node-1`. */
  ref?: string;
  rv?: string;
  /** Request path, HTTP code, watch event type or CRI call, where one applies. */
  path?: string;
  code?: number;
  event?: WatchEventType;
  /** Ties a request to its response and to the etcd calls made for it. */
  requestId?: string;
  /** For the API server's own steps on a request (kind `internal`): which, and how it went. */
  stage?: RequestStage;
  outcome?: StageOutcome;
  /** Text the hop carries for the UI, e.g. the iptables-restore input of a kube-proxy sync. */
  detail?: string;
}

/**
 * The stages of kube-apiserver's handler chain a request passes, in order; writes go through
 * all five before etcd, reads stop after authorization.
 */
export const REQUEST_STAGES = [
  'authentication',
  'authorization',
  'mutating-admission',
  'validation',
  'validating-admission',
] as const;

export type RequestStage = (typeof REQUEST_STAGES)[number];
export type StageOutcome = 'passed' | 'refused';

export interface RequestStep {
  stage: RequestStage;
  outcome: StageOutcome;
  /** Who was authenticated, what was allowed, which plugins ran, or why it was refused. */
  detail: string;
}

/** A trace record before the host has stamped it with seq, round and time. */
export type TraceDraft = Omit<TraceRecord, 'seq' | 'round' | 'time' | 'from'> & {
  from?: ComponentId;
};

// ---------------------------------------------------------------------------------------------
// The round protocol between the host's coordinator and the runtimes that hold components.
// See docs/decisions/0001-lockstep-rounds.md.

export interface RoundCommand {
  round: number;
  time: number;
  /** Runtimes that sent this runtime a batch for this round; wait for each before running. */
  expectFrom: string[];
}

export interface RoundReport {
  round: number;
  /** Runtimes this runtime sent a batch to, for delivery in the next round. */
  sentTo: string[];
  /** Earliest pending timer across this runtime's components, or null. */
  nextTimer: number | null;
  /** Traces recorded in this round, in sender order (actor id, then per-actor order). */
  traces: TraceRecord[];
}

/** A runtime-to-runtime batch: every envelope one runtime sends another in one round. */
export interface PeerBatch {
  round: number;
  from: string;
  envelopes: Envelope[];
}
