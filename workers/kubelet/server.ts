// The kubelet's own server (port 10250) as kube-apiserver calls it for pods/log:
// pkg/kubelet/server/server.go getContainerLogs (query decoding, 404s for unknown pods and
// containers), kubelet_pods.go GetKubeletContainerLogs and validateContainerLogStatus (which
// instance's log, and why there is none yet), and kuberuntime's ReadLogs (tail, since, byte
// limit, timestamps, follow until the container stops). Other endpoints answer 404.

import type { Pod, PodStatus } from 'kubernetes-types/core/v1';
import { decodePodLogOptions, validatePodLogOptions } from '../api/pod-log-options.ts';
import type { ApiResponse, ComponentId, Envelope, Message } from '../client/protocol.ts';
import { LogWriter, newLogOptions, type ContainerLog, type LogEntry } from './container-log.ts';
import type { ContainerStatus } from './cri.ts';

/** What the server reads from the rest of the kubelet. */
export interface KubeletServerHost {
  /** The pod manager's pod (GetPodByName). */
  podByName(namespace: string, name: string): Pod | undefined;
  /** The status manager's status for the pod, when it has one. */
  podStatus(pod: Pod): PodStatus | undefined;
  containerLog(containerId: string): ContainerLog | undefined;
  containerStatus(containerId: string): ContainerStatus | undefined;
  now(): number;
}

/** A failed answer: kubelet errors are plain text, as go-restful's WriteError writes them. */
class KubeletError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

const RUNTIME_PREFIX = 'containerd://';

function text(code: number, body: string, stream = false): ApiResponse {
  return { code, body, contentType: 'text/plain', ...(stream ? { stream: true } : {}) };
}

/**
 * Which container instance's log to read, from the pod's status (validateContainerLogStatus):
 * the running one, the terminated one, or with `previous` the one before.
 */
export function logContainerId(
  podName: string,
  status: PodStatus,
  containerName: string,
  previous: boolean,
): string {
  const all = [
    ...(status.containerStatuses ?? []),
    ...(status.initContainerStatuses ?? []),
    ...(status.ephemeralContainerStatuses ?? []),
  ];
  const container = all.find((candidate) => candidate.name === containerName);
  const where = `container "${containerName}" in pod "${podName}"`;
  if (!container) throw new KubeletError(400, `${where} is not available`);
  const last = container.lastState?.terminated;
  const { waiting, running, terminated } = container.state ?? {};
  if (previous) {
    if (!last?.containerID) throw new KubeletError(400, `previous terminated ${where} not found`);
    return last.containerID;
  }
  if (running) return container.containerID ?? '';
  if (terminated) {
    // When the next instance did not start, the terminated state has no ID: use the last one.
    if (terminated.containerID) return terminated.containerID;
    if (last?.containerID) return last.containerID;
    throw new KubeletError(400, `${where} is terminated`);
  }
  if (last) {
    if (!last.containerID) throw new KubeletError(400, `${where} is terminated`);
    return last.containerID;
  }
  if (waiting) {
    const reason = waiting.reason ?? '';
    if (reason === 'ErrImagePull')
      throw new KubeletError(400, `${where} is waiting to start: image can't be pulled`);
    if (reason === 'ImagePullBackOff')
      throw new KubeletError(400, `${where} is waiting to start: trying and failing to pull image`);
    throw new KubeletError(400, `${where} is waiting to start: ${reason}`);
  }
  throw new KubeletError(400, `${where} is waiting to start - no logs yet`);
}

/** A follow in progress, which the API server may leave. */
interface OpenStream {
  stop(): void;
}

export class KubeletServer {
  private readonly streams = new Map<string, OpenStream>();

  constructor(
    private readonly host: KubeletServerHost,
    private readonly send: (to: ComponentId, message: Message) => void,
  ) {}

  /** Serves a request from the API server; returns false for messages that are not for it. */
  handle(envelope: Envelope): boolean {
    const { from, message } = envelope;
    if (message.type === 'stream-cancel') {
      this.streams.get(`${from}#${message.id}`)?.stop();
      return true;
    }
    if (message.type !== 'kubelet-request') return false;
    let response: ApiResponse;
    try {
      response = this.serve(from, message.id, new URL(message.request.url));
    } catch (error) {
      if (!(error instanceof KubeletError)) throw error;
      response = text(error.code, error.message);
    }
    this.send(from, { type: 'kubelet-response', id: message.id, response });
    return true;
  }

  private serve(from: ComponentId, id: number, url: URL): ApiResponse {
    let segments: string[];
    try {
      segments = url.pathname.split('/').slice(1).map(decodeURIComponent);
    } catch {
      throw new KubeletError(400, '400 Bad Request');
    }
    const [endpoint, namespace, podName, containerName] = segments;
    if (endpoint !== 'containerLogs' || segments.length !== 4)
      throw new KubeletError(404, '404: Page Not Found');
    const query: Record<string, string> = {};
    for (const [key, value] of url.searchParams) if (!(key in query)) query[key] = value;
    // Backwards compatibility: `tail`, where "all" means no limit.
    if (query.tail) {
      if (query.tail === 'all') delete query.tailLines;
      else query.tailLines = query.tail;
    }
    const options = decodePodLogOptions(query);
    if ('error' in options) throw new KubeletError(400, '{"message": "Unable to decode query."}');
    if (validatePodLogOptions(options).length > 0)
      throw new KubeletError(422, '{"message": "Invalid request."}');
    const pod = this.host.podByName(namespace ?? '', podName ?? '');
    if (!pod) throw new KubeletError(404, `pod "${podName ?? ''}" does not exist`);
    const spec = pod.spec;
    const known = [
      ...(spec?.containers ?? []),
      ...(spec?.initContainers ?? []),
      ...(spec?.ephemeralContainers ?? []),
    ].some((container) => container.name === containerName);
    if (!known)
      throw new KubeletError(
        404,
        `container "${containerName ?? ''}" not found in pod "${podName ?? ''}"`,
      );
    const status = this.host.podStatus(pod) ?? pod.status ?? {};
    const containerId = logContainerId(
      pod.metadata?.name ?? '',
      status,
      containerName ?? '',
      options.previous,
    );
    const id64 = containerId.startsWith(RUNTIME_PREFIX)
      ? containerId.slice(RUNTIME_PREFIX.length)
      : containerId;
    const log = this.host.containerLog(id64);
    if (!log) {
      throw new KubeletError(
        400,
        `failed to get container status "${containerId}": rpc error: code = NotFound desc = an error occurred when try to find container "${id64}": not found`,
      );
    }
    const logOptions = newLogOptions(options, this.host.now());
    const writer = new LogWriter(logOptions);
    const initial = writer.initial(log.current());
    const running = this.host.containerStatus(id64)?.state === 'running';
    if (!logOptions.follow || !running || writer.done || log.closed) return text(200, initial);
    this.follow(from, id, log, writer);
    return text(200, initial, true);
  }

  /** Sends what the container writes from now on, one message per burst, until it stops. */
  private follow(to: ComponentId, id: number, log: ContainerLog, writer: LogWriter): void {
    const key = `${to}#${id}`;
    let pending = '';
    let ended = false;
    const flush = (): void => {
      if (pending !== '') this.send(to, { type: 'stream-data', id, data: pending });
      pending = '';
    };
    const end = (): void => {
      if (ended) return;
      ended = true;
      unfollow();
      this.streams.delete(key);
      flush();
      this.send(to, { type: 'stream-end', id });
    };
    const unfollow = log.follow({
      onEntries: (entries: readonly LogEntry[]) => {
        const chunk = writer.write(entries);
        if (chunk === '') return;
        if (pending === '')
          queueMicrotask(() => {
            if (!ended) flush();
          });
        pending += chunk;
        if (writer.done) end();
      },
      onClose: end,
    });
    this.streams.set(key, {
      stop: () => {
        ended = true;
        unfollow();
        this.streams.delete(key);
      },
    });
  }
}
