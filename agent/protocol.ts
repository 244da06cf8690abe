// The wire protocol between the web app's tab and the local agent (`npm run agent`): JSON text
// frames on one loopback WebSocket. The tab pairs with a token, then sends CRI-shaped calls
// (k8s.io/cri-api runtime/v1 RuntimeService and ImageService) that the agent turns into Docker
// Engine API calls; the agent pushes container events and relays real kubectl's API requests
// into the tab's API server. Pure types and tiny helpers: the browser, workers/ and Node import it.

import type {
  ApiRequest,
  ApiResponse,
  StreamChannel,
  WatchEvent,
} from '../workers/client/protocol.ts';

/** Bumped on any change a peer of the previous version could not read; additions keep it. */
export const AGENT_PROTOCOL_VERSION = 1;

/** The app's origins the agent accepts by default (`npm run preview`, `npm run dev`). */
export const DEFAULT_APP_ORIGINS = ['http://localhost:4173', 'http://localhost:5173'] as const;

// ---------------------------------------------------------------------------------------------
// Pairing. The agent prints a URL of the app whose fragment (never sent to a server) holds the
// socket's address and the token: `http://localhost:4173/#agent=ws%3A%2F%2F127.0.0.1%3A7681&token=…`
// (URLSearchParams encoding, beside any other fragment keys such as `scenario`).

export const PAIRING_KEYS = { agent: 'agent', token: 'token' } as const;

export interface Pairing {
  /** The agent's WebSocket, `ws://127.0.0.1:<port>`. */
  url: string;
  token: string;
}

/** The fragment (without `#`) that pairs the app with an agent. */
export function pairingFragment(pairing: Pairing): string {
  return new URLSearchParams({
    [PAIRING_KEYS.agent]: pairing.url,
    [PAIRING_KEYS.token]: pairing.token,
  }).toString();
}

/** The app's URL that pairs it: `appUrl` with the pairing fragment. */
export function pairingUrl(appUrl: string, pairing: Pairing): string {
  return `${appUrl.replace(/#.*$/, '')}#${pairingFragment(pairing)}`;
}

/** Reads a pairing from `location.hash`; null when the fragment holds none or only half of one. */
export function parsePairingFragment(hash: string): Pairing | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const url = params.get(PAIRING_KEYS.agent);
  const token = params.get(PAIRING_KEYS.token);
  if (!url || !token || !/^wss?:\/\//.test(url)) return null;
  return { url, token };
}

/**
 * Close codes the agent ends a socket with; the close reason is a sentence the UI can show as is.
 * An Origin outside the allow-list never gets a socket: the upgrade is answered 403, which a
 * browser reports only as a failed connection (close code 1006).
 */
export const AGENT_CLOSE = {
  /** Another tab paired since; this one's calls are no longer served. */
  replaced: 4000,
  /** The hello carried the wrong token. */
  wrongToken: 4001,
  /** The hello's protocol version is not this agent's. */
  versionMismatch: 4002,
  /** The first message was not a hello, or none came in time. */
  noHello: 4003,
  /** The agent is shutting down (Ctrl-C); its containers are being removed. */
  shuttingDown: 4004,
} as const;

/**
 * The labels on every container the agent creates: dockershim's names for the pod and container
 * (pkg/kubelet/dockershim/naming.go, labels.go), plus the agent's own mark and run. The agent
 * refuses to touch a container without `managedBy`.
 */
export const AGENT_LABELS = {
  managedBy: 'io.k8s-playground/managed-by',
  run: 'io.k8s-playground/agent-run',
  podNamespace: 'io.kubernetes.pod.namespace',
  podName: 'io.kubernetes.pod.name',
  podUid: 'io.kubernetes.pod.uid',
  containerName: 'io.kubernetes.container.name',
  /** `podsandbox` or `container`. */
  type: 'io.kubernetes.docker.type',
  /** A container's sandbox id. */
  sandboxId: 'io.kubernetes.sandbox.id',
  attempt: 'io.kubernetes.container.restartCount',
} as const;

/** The value of AGENT_LABELS.managedBy. */
export const MANAGED_BY = 'k8s-playground-agent';

// ---------------------------------------------------------------------------------------------
// What the agent knows of the machine and of its containers.

/** `docker info`, as the node's capacity and nodeInfo want it. */
export interface NodeInfo {
  /** The engine host's name. */
  hostname: string;
  cpus: number;
  memoryBytes: number;
  /** `linux` */
  os: string;
  /** `amd64`, `arm64`: GOARCH spelling, as a Node's status.nodeInfo.architecture. */
  architecture: string;
  /** e.g. `Debian GNU/Linux 12 (bookworm)` */
  osImage: string;
  kernelVersion: string;
  /** The engine: `docker` (dockerd) or `podman`, and its version, for status.nodeInfo.containerRuntimeVersion. */
  runtimeName: string;
  runtimeVersion: string;
  /** The Engine API version it speaks, e.g. `1.41`. */
  apiVersion: string;
}

/** Whether the agent can reach its Docker Engine API. */
export interface EngineStatus {
  available: boolean;
  /** Where it looks: `unix:///var/run/docker.sock`, `tcp://…`. */
  host: string;
  /** Why it is unavailable, as a sentence for the UI. */
  message?: string;
  info?: NodeInfo;
}

/** The pod a container belongs to (its labels). */
export interface PodRef {
  namespace: string;
  name: string;
  uid: string;
}

/** RunPodSandbox's config: the pod whose network namespace the sandbox holds. */
export interface SandboxConfig extends PodRef {
  /** The pod's hostname (its name, or spec.hostname). */
  hostname: string;
  /** `/etc/hosts` entries the kubelet adds (spec.hostAliases): ip → names. */
  hosts?: Record<string, string[]>;
  /** The pod's sandbox attempt, counted by the kubelet (0 first). */
  attempt?: number;
}

/** CreateContainer's config; limits map to the container's cgroup as the kubelet's do. */
export interface ContainerConfig {
  name: string;
  image: string;
  /** The entrypoint (Kubernetes `command`), replacing the image's. */
  command?: string[];
  /** Kubernetes `args`, replacing the image's CMD. */
  args?: string[];
  env?: Record<string, string>;
  workingDir?: string;
  /** How many times the kubelet has restarted this container (0 first). */
  attempt?: number;
  /** requests.cpu: cpu.shares = millicores × 1024 / 1000 (at least 2). */
  cpuRequestMillicores?: number;
  /** limits.cpu: a CFS quota over a 100 ms period. */
  cpuLimitMillicores?: number;
  /** limits.memory: the cgroup's memory limit, above which the kernel OOM-kills. */
  memoryLimitBytes?: number;
  tty?: boolean;
}

export interface PulledImage {
  /** The reference as the engine names it, e.g. `docker.io/library/nginx:1.25`. */
  image: string;
  /** The image id (`sha256:…`) or repo digest. */
  imageRef: string;
  size: number;
}

/** ContainerStatus, from `docker inspect`. Times are ms since the epoch. */
export interface ContainerStatus {
  id: string;
  /** The Kubernetes container's name (from our labels). */
  name: string;
  pod: PodRef;
  state: 'created' | 'running' | 'exited';
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  exitCode?: number;
  /** For an exited container: `OOMKilled`, `Error` or `Completed`, as the kubelet names them. */
  reason?: string;
  /** The engine's error for a container that failed to start. */
  message?: string;
  image: string;
  imageRef: string;
  attempt: number;
}

/** A sandbox as `ListPodSandbox` reports it. */
export interface SandboxStatus {
  id: string;
  pod: PodRef;
  state: 'ready' | 'notready';
  ip: string;
  createdAt: number;
}

/** Which of a container's output streams a chunk came from. */
export type OutputStream = 'stdout' | 'stderr';

// ---------------------------------------------------------------------------------------------
// Calls: the tab asks, the agent answers `result` (or `error`) with the same id. Streamed calls
// (pull progress, logs, exec output) send their chunks with the id first; `cancel` leaves one.

export type ImagePullPolicy = 'Always' | 'IfNotPresent' | 'Never';

export type AgentCall =
  /** The machine and engine: capacity from `docker info`. → NodeInfo */
  | { method: 'info' }
  /** RunPodSandbox: starts the pause-like sandbox container. → { sandboxId, ip } */
  | { method: 'runPodSandbox'; config: SandboxConfig }
  /** StopPodSandbox: stops the sandbox and every container of the pod. → {} */
  | { method: 'stopPodSandbox'; sandboxId: string }
  /** RemovePodSandbox: removes the sandbox and every container of the pod. → {} */
  | { method: 'removePodSandbox'; sandboxId: string }
  /** ListPodSandbox: this agent run's sandboxes, to resync after a reconnect. → SandboxStatus[] */
  | { method: 'listPodSandboxes' }
  /** ImageStatus: the local image, or null. → PulledImage | null */
  | { method: 'imageStatus'; image: string }
  /**
   * PullImage under the container's pull policy: `Never` fails with ErrImageNeverPull when the
   * image is absent, `IfNotPresent` answers at once when it is present. Sends `pull-progress`
   * while pulling. → PulledImage
   */
  | { method: 'pullImage'; image: string; policy: ImagePullPolicy }
  /** CreateContainer in the sandbox's network namespace. → { containerId } */
  | { method: 'createContainer'; sandboxId: string; config: ContainerConfig }
  /** StartContainer; its `started` event follows from the engine's event stream. → {} */
  | { method: 'startContainer'; containerId: string }
  /** StopContainer: the stop signal, then SIGKILL after timeoutSeconds. → {} */
  | { method: 'stopContainer'; containerId: string; timeoutSeconds: number }
  /** RemoveContainer (forced). → {} */
  | { method: 'removeContainer'; containerId: string }
  /** ContainerStatus. → ContainerStatus */
  | { method: 'containerStatus'; containerId: string }
  /** ListContainers: this agent run's containers (not sandboxes). → ContainerStatus[] */
  | { method: 'listContainers' }
  /**
   * The container's log, sent as `output` chunks; with `follow`, until the container exits or
   * the tab cancels. `kubectl logs --previous` reads the previous attempt's container, which the
   * kubelet keeps (and names by id) until it removes it. → {}
   */
  | {
      method: 'containerLogs';
      containerId: string;
      follow?: boolean;
      tailLines?: number;
      /** Seconds since the epoch; only lines after it. */
      since?: number;
      timestamps?: boolean;
    }
  /**
   * Exec: runs the command beside the container's process; `output` chunks stream its stdout and
   * stderr, `stdin` messages feed it when `stdin` is set, and the result is its exit code. With
   * `timeoutSeconds` (ExecSync for probes and hooks) the call fails with DeadlineExceeded past
   * it. → { exitCode }
   */
  | {
      method: 'exec';
      containerId: string;
      command: string[];
      stdin?: boolean;
      tty?: boolean;
      timeoutSeconds?: number;
    }
  /**
   * An httpGet probe, made from the agent's host as the kubelet probes from the node's network:
   * GET scheme://host:port/path within timeoutSeconds; HTTPS without verifying the certificate,
   * as the kubelet does. `scheme` is HTTP when absent. Only a pod IP of this run's sandboxes may
   * be the host (NotManaged otherwise). → ProbeAnswer with the response's status code
   */
  | {
      method: 'httpProbe';
      scheme?: ProbeScheme;
      host: string;
      port: number;
      path: string;
      timeoutSeconds: number;
    }
  /**
   * One usage sample of each running container of this run (not sandboxes), from the engine's
   * one-shot stats, for the kubelet's resource metrics (`kubectl top`). → ContainerUsage[]
   */
  | { method: 'containerStats' }
  /** A tcpSocket probe: a TCP connect to host:port within timeoutSeconds, as httpProbe. → ProbeAnswer */
  | { method: 'tcpProbe'; host: string; port: number; timeoutSeconds: number };

/** An httpGet probe's scheme, as the Pod's `httpGet.scheme` names it. */
export type ProbeScheme = 'HTTP' | 'HTTPS';

/** A container's usage as cAdvisor reports it to the kubelet. */
export interface ContainerUsage {
  id: string;
  /** ms since the epoch, when the engine read it. */
  time: number;
  /** Cumulative CPU time, in core-nanoseconds. */
  cpuCoreNanoSeconds: number;
  /** Memory usage less inactive file pages: the kubelet's working set. */
  workingSetBytes: number;
}

/**
 * What a network probe found: the HTTP status code (httpProbe), a connection made (tcpProbe), or
 * why none was: the socket's error code (`ECONNREFUSED`, `EHOSTUNREACH`, …) or `ETIMEDOUT` when
 * the probe's timeout passed first.
 */
export type ProbeAnswer = { statusCode: number } | { connected: true } | { error: string };

export type AgentMethod = AgentCall['method'];

/** What each call answers. */
export interface AgentResults {
  info: NodeInfo;
  runPodSandbox: { sandboxId: string; ip: string };
  stopPodSandbox: Record<string, never>;
  removePodSandbox: Record<string, never>;
  listPodSandboxes: SandboxStatus[];
  imageStatus: PulledImage | null;
  pullImage: PulledImage;
  createContainer: { containerId: string };
  startContainer: Record<string, never>;
  stopContainer: Record<string, never>;
  removeContainer: Record<string, never>;
  containerStatus: ContainerStatus;
  listContainers: ContainerStatus[];
  containerLogs: Record<string, never>;
  exec: { exitCode: number };
  containerStats: ContainerUsage[];
  httpProbe: ProbeAnswer;
  tcpProbe: ProbeAnswer;
}

/**
 * Why a call failed. The image and container codes are the kubelet's waiting reasons
 * (ErrImagePull, ErrImageNeverPull, CreateContainerError, RunContainerError), so the tab can show
 * them as is; the rest are the agent's own.
 */
export type AgentErrorCode =
  /** RunPodSandbox failed (the kubelet's FailedCreatePodSandBox). */
  | 'CreatePodSandboxError'
  | 'ErrImagePull'
  | 'ErrImageNeverPull'
  | 'CreateContainerError'
  | 'RunContainerError'
  /** ExecSync ran past its timeout. */
  | 'DeadlineExceeded'
  /** The container or sandbox does not exist (any more). */
  | 'NotFound'
  /** The container exists but does not carry this agent's labels: the agent will not touch it. */
  | 'NotManaged'
  /** The Docker Engine API cannot be reached. */
  | 'EngineUnavailable'
  /** The call is malformed. */
  | 'BadRequest'
  /** The tab cancelled the call. */
  | 'Cancelled'
  /** Anything else the engine answered; `message` is its text. */
  | 'Internal';

export interface AgentError {
  code: AgentErrorCode;
  message: string;
  /** The engine's HTTP status, when the engine answered. */
  status?: number;
}

/** Pull progress as the engine reports it (one line of its JSON stream). */
export interface PullProgress {
  /** e.g. `Pulling fs layer`, `Downloading`, `Download complete`. */
  status: string;
  /** The layer. */
  layer?: string;
  current?: number;
  total?: number;
}

/** What the agent pushes about its containers, from the engine's event stream. */
export interface ContainerEvent {
  type: 'created' | 'started' | 'oom' | 'exited' | 'removed';
  containerId: string;
  pod: PodRef;
  /** The Kubernetes container's name; absent for a sandbox. */
  containerName?: string;
  sandbox: boolean;
  /** ms since the epoch, from the engine. */
  time: number;
  /** For `exited`: from inspect after the engine's `die`. */
  exitCode?: number;
  oomKilled?: boolean;
  /** For `exited`: `OOMKilled`, `Error` or `Completed`. */
  reason?: string;
}

// ---------------------------------------------------------------------------------------------
// Relay: the agent's loopback HTTPS port forwards real kubectl's requests into the tab's API
// server. The agent numbers these requests itself (their ids are not the tab's call ids). Bodies
// travel as JSON values or text; bytes (protobuf) as `{ base64 }`.

export interface BinaryBody {
  base64: string;
}

export type RelayRequestBody = Omit<ApiRequest, 'body'> & { body?: unknown };
export type RelayResponseBody = Omit<ApiResponse, 'body'> & { body: unknown };

/**
 * How the tab is to serve a relayed request, as server/http-front.ts's ApiGateway does: a plain
 * request (one `relay-response`), a watch (`relay-start`, `relay-events`…, `relay-end`) or a
 * request whose answer may stream (pods/log?follow: `relay-start`, `relay-data`…, `relay-end`;
 * after a 101 head, exec's channels both ways).
 */
export type RelayKind = 'request' | 'watch' | 'stream';

// ---------------------------------------------------------------------------------------------
// Messages.

/** Tab → agent. */
export type TabMessage =
  /** The first message: the pairing token and the tab's protocol version. */
  | { type: 'hello'; version: number; token: string }
  /** A call; answered by `result` or `error` with the same id. */
  | { type: 'call'; id: number; call: AgentCall }
  /** Leave a call (a followed log, a pull, an exec); the agent answers `error` Cancelled unless it already ended. */
  | { type: 'cancel'; id: number }
  /** Input for an exec call that asked for stdin. */
  | { type: 'stdin'; id: number; data: string }
  /** The exec's stdin has ended. */
  | { type: 'stdin-end'; id: number }
  /** A relayed request's answer, whole: ends the request. */
  | { type: 'relay-response'; id: number; response: RelayResponseBody }
  /** A watch or stream began (the 200 of a watch, the head of a streamed answer, a 101). */
  | { type: 'relay-start'; id: number; response: RelayResponseBody }
  /** A watch's events. */
  | { type: 'relay-events'; id: number; events: WatchEvent[] }
  /** A chunk of a streamed answer; on a channel after a 101 head. */
  | { type: 'relay-data'; id: number; data: string; channel?: StreamChannel }
  /** The watch or stream ended; `response` when the server refused to start it. */
  | { type: 'relay-end'; id: number; response?: RelayResponseBody };

/** Agent → tab. */
export type AgentMessage =
  /**
   * The pairing succeeded. `relay` is set when the agent serves the Kubernetes API for kubectl
   * (`--relay-port`): its URL and the kubeconfig it wrote.
   */
  | {
      type: 'welcome';
      version: number;
      /** This agent run: its containers carry it as a label. */
      runId: string;
      engine: EngineStatus;
      sandboxImage: string;
      relay?: { server: string; kubeconfig: string };
    }
  /** The engine became reachable or unreachable. */
  | { type: 'engine-status'; engine: EngineStatus }
  /** A call's answer. */
  | { type: 'result'; id: number; result: AgentResults[AgentMethod] }
  /** A call failed. */
  | { type: 'error'; id: number; error: AgentError }
  /** A pullImage call's progress. */
  | { type: 'pull-progress'; id: number; progress: PullProgress }
  /** A chunk of a containerLogs or exec call's output. */
  | { type: 'output'; id: number; stream: OutputStream; data: string }
  /** A container started, exited (with its exit code, OOMKilled), or went away. */
  | { type: 'container-event'; event: ContainerEvent }
  /**
   * kubectl's request for the tab's API server. It arrives authenticated, as from an
   * authenticating front proxy: the agent checked the kubeconfig's bearer token, removed the
   * Authorization header and set `request.user` (kubernetes-admin, kubeadm:cluster-admins).
   */
  | { type: 'relay-request'; id: number; kind: RelayKind; request: RelayRequestBody }
  /** kubectl left a watch or stream. */
  | { type: 'relay-cancel'; id: number }
  /** kubectl's input to an upgraded stream (exec's stdin, resize). */
  | { type: 'relay-input'; id: number; data: string; channel: 'stdin' | 'resize' }
  /** kubectl's stdin has ended. */
  | { type: 'relay-input-end'; id: number };

// ---------------------------------------------------------------------------------------------
// Helpers both sides use.

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function isBinaryBody(body: unknown): body is BinaryBody {
  return (
    typeof body === 'object' &&
    body !== null &&
    Object.keys(body).length === 1 &&
    typeof (body as Partial<BinaryBody>).base64 === 'string'
  );
}

/** A body as it travels: bytes become `{ base64 }`, anything else stays. */
export function wireBody(body: unknown): unknown {
  return body instanceof Uint8Array ? { base64: toBase64(body) } : body;
}

/** A body as it arrived: `{ base64 }` becomes bytes again. */
export function bodyFromWire(body: unknown): unknown {
  if (!isBinaryBody(body)) return body;
  return Uint8Array.from(atob(body.base64), (char) => char.charCodeAt(0));
}

export function requestToWire(request: ApiRequest): RelayRequestBody {
  return request.body === undefined ? request : { ...request, body: wireBody(request.body) };
}

export function requestFromWire(request: RelayRequestBody): ApiRequest {
  return request.body === undefined ? request : { ...request, body: bodyFromWire(request.body) };
}

export function responseToWire(response: ApiResponse): RelayResponseBody {
  return { ...response, body: wireBody(response.body) };
}

export function responseFromWire(response: RelayResponseBody): ApiResponse {
  return { ...response, body: bodyFromWire(response.body) };
}

/** A frame's JSON object if it has a string `type`; its fields are for the receiver to check. */
function typedObject(text: string): { type: string } | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  return typeof (value as { type?: unknown }).type === 'string'
    ? (value as { type: string })
    : null;
}

/** A frame from the tab; null for anything that is not a typed JSON object. */
export function parseTabMessage(text: string): TabMessage | null {
  return typedObject(text) as TabMessage | null;
}

/** A frame from the agent; null for anything that is not a typed JSON object. */
export function parseAgentMessage(text: string): AgentMessage | null {
  return typedObject(text) as AgentMessage | null;
}
