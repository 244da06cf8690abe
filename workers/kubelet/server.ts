// The kubelet's own server (port 10250) as kube-apiserver calls it for pods/log and pods/exec:
// pkg/kubelet/server/server.go getContainerLogs (query decoding, 404s for unknown pods and
// containers), kubelet_pods.go GetKubeletContainerLogs and validateContainerLogStatus (which
// instance's log, and why there is none yet), and kuberuntime's ReadLogs (tail, since, byte
// limit, timestamps, follow until the container stops); getExec (exec-endpoint.ts, exec.ts) and
// getAttach; /metrics/resource (resource-metrics.ts) from the usage model.
// Other endpoints answer 404.

import type { Pod, PodStatus } from 'kubernetes-types/core/v1';
import { decodePodLogOptions, validatePodLogOptions } from '../api/pod-log-options.ts';
import type { ApiResponse, ComponentId, Envelope, Message } from '../client/protocol.ts';
import { statusJson, SUCCESS_STATUS } from '../api/remote-command.ts';
import type { Clock } from '../host/clock.ts';
import { LogWriter, newLogOptions, type ContainerLog, type LogEntry } from './container-log.ts';
import type { ContainerStatus } from './cri.ts';
import { ExecProcess, type ExecEnd, type ExecOutput } from './exec.ts';
import {
  execOptions,
  execStatus,
  runningContainerId,
  runtimeContainerId,
} from './exec-endpoint.ts';
import type { ProcessEnvironment } from './process.ts';
import { PROMETHEUS_TEXT, resourceMetricsText } from './resource-metrics.ts';
import type { UsageSample } from './usage.ts';

/** What the server reads from the rest of the kubelet. */
export interface KubeletServerHost {
  /** The pod manager's pod (GetPodByName). */
  podByName(namespace: string, name: string): Pod | undefined;
  /** The status manager's status for the pod, when it has one. */
  podStatus(pod: Pod): PodStatus | undefined;
  containerLog(containerId: string): ContainerLog | undefined;
  containerStatus(containerId: string): ContainerStatus | undefined;
  /** CRI Exec in a running container: the new process's id and environment. */
  prepareExec(containerId: string): { execId: string; environment: ProcessEnvironment } | undefined;
  /**
   * CRI Exec where the runtime runs real processes (a Docker node): the process, or undefined
   * when the container is not running. Without it, exec runs the simulated process (exec.ts).
   */
  exec?(
    containerId: string,
    command: { argv: string[]; tty: boolean },
    output: ExecOutput,
    onEnd: (end: ExecEnd) => void,
  ): ExecSession | undefined;
  /** What the node and its running containers use now. */
  usage(): UsageSample;
  now(): number;
  clock: Clock;
}

/** A process CRI Exec started, as the server drives it. */
export interface ExecSession {
  start(): void;
  input(data: string): void;
  endInput(): void;
  kill(): void;
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

/** A follow or an exec in progress, which the API server may leave or write to. */
interface OpenStream {
  stop(): void;
  input?(data: string, channel: string): void;
  endInput?(): void;
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
    const stream = 'id' in message ? this.streams.get(`${from}#${message.id}`) : undefined;
    if (message.type === 'stream-cancel') {
      stream?.stop();
      return true;
    }
    if (message.type === 'stream-data' && message.channel) {
      stream?.input?.(message.data, message.channel);
      return true;
    }
    if (message.type === 'stream-end' && message.channel === 'stdin') {
      stream?.endInput?.();
      return true;
    }
    if (message.type !== 'kubelet-request') return false;
    let response: ApiResponse;
    let started: (() => void) | undefined;
    try {
      const url = new URL(message.request.url);
      if (url.pathname.startsWith('/exec/') || url.pathname.startsWith('/attach/')) {
        started = this.serveStream(from, message.id, url);
        response = { code: 101, body: '', stream: true };
      } else response = this.serve(from, message.id, url);
    } catch (error) {
      if (!(error instanceof KubeletError)) throw error;
      response = text(error.code, error.message);
    }
    this.send(from, { type: 'kubelet-response', id: message.id, response });
    started?.();
    return true;
  }

  /**
   * getExec and getAttach: the options, the pod and its running container checked before the
   * upgrade; returns what starts the stream once the 101 has gone. Output goes back on the stdout
   * and stderr channels, how it ended as a Status on the error channel (ServeExec, ServeAttach).
   */
  private serveStream(from: ComponentId, id: number, url: URL): () => void {
    const segments = url.pathname.split('/').slice(1).map(decodeURIComponent);
    const [endpoint, namespace = '', podName = '', containerName = ''] = segments;
    if (segments.length !== 4) throw new KubeletError(404, '404: Page Not Found');
    const options = execOptions(url.searchParams);
    if ('error' in options) throw new KubeletError(400, options.error);
    const pod = this.host.podByName(namespace, podName);
    if (!pod) throw new KubeletError(404, 'pod does not exist');
    const status = this.host.podStatus(pod) ?? pod.status ?? {};
    const containerId = runningContainerId(status, containerName, (candidate) =>
      this.host.containerStatus(candidate),
    );
    const notFound = new KubeletError(
      500,
      `container not found (${JSON.stringify(containerName)})`,
    );
    if (!containerId) throw notFound;
    const output = (data: string, channel: 'stdout' | 'stderr'): void => {
      if (options[channel]) this.send(from, { type: 'stream-data', id, data, channel });
    };
    if (endpoint === 'attach')
      return () => {
        this.attach(from, id, containerId, output);
      };
    const key = `${from}#${id}`;
    const process = this.startExec(
      containerId,
      { argv: options.command, tty: options.tty },
      {
        stdout: (data) => {
          output(data, 'stdout');
        },
        stderr: (data) => {
          output(data, 'stderr');
        },
      },
      (ending) => {
        this.streams.delete(key);
        this.send(from, {
          type: 'stream-data',
          id,
          data: execStatus(options.command, ending),
          channel: 'error',
        });
        this.send(from, { type: 'stream-end', id });
      },
    );
    if (!process) throw notFound;
    return () => {
      this.streams.set(key, {
        stop: () => {
          this.streams.delete(key);
          process.kill();
        },
        input: (data, channel) => {
          if (channel === 'stdin') process.input(data);
        },
        endInput: () => {
          process.endInput();
        },
      });
      process.start();
      if (!options.stdin) process.endInput();
    };
  }

  /** The host's exec, or the simulated process in the container's environment. */
  private startExec(
    containerId: string,
    command: { argv: string[]; tty: boolean },
    output: ExecOutput,
    onEnd: (end: ExecEnd) => void,
  ): ExecSession | undefined {
    if (this.host.exec) return this.host.exec(containerId, command, output, onEnd);
    const prepared = this.host.prepareExec(containerId);
    if (!prepared) return undefined;
    return new ExecProcess({ ...command, ...prepared }, this.host.clock, output, onEnd);
  }

  private serve(from: ComponentId, id: number, url: URL): ApiResponse {
    let segments: string[];
    try {
      segments = url.pathname.split('/').slice(1).map(decodeURIComponent);
    } catch {
      throw new KubeletError(400, '400 Bad Request');
    }
    if (url.pathname === '/metrics/resource')
      return {
        code: 200,
        body: resourceMetricsText(this.host.usage()),
        contentType: PROMETHEUS_TEXT,
      };
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
    const id64 = runtimeContainerId(containerId);
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

  /**
   * ServeAttach: what the container's process writes from now on, until it exits. Its stdin is
   * not modelled: what the client types is dropped.
   */
  private attach(
    to: ComponentId,
    id: number,
    containerId: string,
    output: (data: string, channel: 'stdout' | 'stderr') => void,
  ): void {
    const key = `${to}#${id}`;
    const log = this.host.containerLog(containerId);
    const end = (): void => {
      unfollow();
      this.streams.delete(key);
      this.send(to, {
        type: 'stream-data',
        id,
        data: statusJson(SUCCESS_STATUS),
        channel: 'error',
      });
      this.send(to, { type: 'stream-end', id });
    };
    const unfollow =
      log?.follow({
        onEntries: (entries: readonly LogEntry[]) => {
          for (const entry of entries)
            output(entry.partial ? entry.text : `${entry.text}\n`, entry.stream);
        },
        onClose: end,
      }) ?? (() => undefined);
    this.streams.set(key, {
      stop: () => {
        unfollow();
        this.streams.delete(key);
      },
    });
    if (!log || log.closed) end();
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
