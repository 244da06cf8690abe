// Container probes (pkg/kubelet/prober: prober.go runProbe and its Unhealthy events, worker.go
// doProbe with thresholds and hold-after-failure, results initial values; pkg/probe/{exec,http,tcp,
// grpc}): exec runs in the container through ExecSync, httpGet/tcpSocket/grpc reach what the
// container's process listens on at the pod IP (on a Docker node the agent dials the real pod IP
// from the host's network, as the kubelet does from the node's). Left out: httpGet headers and
// https, probe-level terminationGracePeriodSeconds, redirects (3xx count as success).

import type { Container, Probe } from 'kubernetes-types/core/v1';
import type { CoreEventRecorder } from '../client/events.ts';
import type { Clock, TimerHandle } from '../host/clock.ts';
import { ExecTimeoutError, type DialAnswer, type PodNetwork, type RuntimeService } from './cri.ts';

export type ProbeType = 'Liveness' | 'Readiness' | 'Startup';
export type ProbeResult = 'Success' | 'Failure' | 'Unknown';

/** A probe attempt: the result, what it printed (the event's text), or an error that voids it. */
export interface ProbeOutcome {
  result: 'Success' | 'Failure';
  output: string;
}

export interface ProberDeps {
  runtime: Pick<RuntimeService, 'execSync'> & PodNetwork;
  clock: Clock;
  recorder: Pick<CoreEventRecorder, 'event'>;
}

/** A field SetDefaults_Probe fills when it is zero. */
function positive(value: number | undefined, fallback: number): number {
  return value === undefined || value === 0 ? fallback : value;
}

/** Probe defaults as the API server fills them (pkg/apis/core/v1/defaults.go SetDefaults_Probe). */
export function defaultedProbe(
  probe: Probe,
): Required<
  Pick<
    Probe,
    | 'initialDelaySeconds'
    | 'periodSeconds'
    | 'timeoutSeconds'
    | 'successThreshold'
    | 'failureThreshold'
  >
> &
  Probe {
  return {
    ...probe,
    initialDelaySeconds: probe.initialDelaySeconds ?? 0,
    periodSeconds: positive(probe.periodSeconds, 10),
    timeoutSeconds: positive(probe.timeoutSeconds, 1),
    successThreshold: positive(probe.successThreshold, 1),
    failureThreshold: positive(probe.failureThreshold, 3),
  };
}

/** extractPort: a number, or the named port of the container. */
function probePort(port: number | string, container: Container): number | null {
  if (typeof port === 'number') return port;
  const named = container.ports?.find((candidate) => candidate.name === port)?.containerPort;
  if (named !== undefined) return named;
  const parsed = Number(port);
  return Number.isInteger(parsed) && parsed > 0 && parsed < 65536 ? parsed : null;
}

/** Go's net error text for a failed dial (syscall errno strings). */
function dialError(code: string): string {
  const errors: Record<string, string> = {
    ECONNREFUSED: 'connect: connection refused',
    EHOSTUNREACH: 'connect: no route to host',
    ENETUNREACH: 'connect: network is unreachable',
    ETIMEDOUT: 'i/o timeout',
    ECONNRESET: 'connect: connection reset by peer',
  };
  return errors[code] ?? `connect: ${code}`;
}

/** pkg/probe/http DoHTTPProbe's outcome for an answer from the host's network. */
function httpOutcome(answer: DialAnswer, url: string, host: string, port: number): ProbeOutcome {
  if ('statusCode' in answer) {
    const code = answer.statusCode;
    if (code >= 200 && code < 400) return { result: 'Success', output: '' };
    return { result: 'Failure', output: `HTTP probe failed with statuscode: ${String(code)}` };
  }
  if ('error' in answer && answer.error === 'ETIMEDOUT')
    return {
      result: 'Failure',
      output: `Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
    };
  const error = 'error' in answer ? answer.error : 'EIO';
  return {
    result: 'Failure',
    output: `Get "${url}": dial tcp ${host}:${String(port)}: ${dialError(error)}`,
  };
}

/** One attempt of `probe` against the container; null when the prober itself failed (no result). */
export async function runProbe(
  probe: Probe,
  container: Container,
  containerId: string,
  podIP: string,
  deps: ProberDeps,
): Promise<ProbeOutcome | null> {
  const timeoutSeconds = positive(probe.timeoutSeconds, 1);
  const timedOut = async (output: string): Promise<ProbeOutcome> => {
    await deps.clock.sleep(timeoutSeconds * 1000);
    return { result: 'Failure', output };
  };
  if (probe.exec) {
    const command = probe.exec.command ?? [];
    try {
      const { exitCode, output } = await deps.runtime.execSync(
        containerId,
        command,
        timeoutSeconds,
      );
      return { result: exitCode === 0 ? 'Success' : 'Failure', output };
    } catch (error) {
      if (error instanceof ExecTimeoutError) return { result: 'Failure', output: error.message };
      return null;
    }
  }
  if (probe.httpGet) {
    const port = probePort(probe.httpGet.port, container);
    if (port === null) return null;
    const host = probe.httpGet.host || podIP;
    const scheme = probe.httpGet.scheme === 'HTTPS' ? 'HTTPS' : 'HTTP';
    const path = probe.httpGet.path ?? '/';
    const url = `${scheme.toLowerCase()}://${host}:${String(port)}${path.startsWith('/') ? path : `/${path}`}`;
    if (deps.runtime.httpProbe) {
      const answer = await deps.runtime
        .httpProbe(scheme, host, port, path.startsWith('/') ? path : `/${path}`, timeoutSeconds)
        .catch(() => null);
      return answer && httpOutcome(answer, url, host, port);
    }
    const listener = deps.runtime.listener(host, port);
    if (!listener)
      return {
        result: 'Failure',
        output: `Get "${url}": dial tcp ${host}:${String(port)}: connect: connection refused`,
      };
    if (listener.protocol !== 'http')
      return timedOut(
        `Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
      );
    const code = listener.status(path, deps.clock.now());
    if (code >= 200 && code < 400) return { result: 'Success', output: '' };
    return { result: 'Failure', output: `HTTP probe failed with statuscode: ${String(code)}` };
  }
  if (probe.tcpSocket) {
    const port = probePort(probe.tcpSocket.port, container);
    if (port === null) return null;
    const host = probe.tcpSocket.host || podIP;
    if (deps.runtime.tcpProbe) {
      const answer = await deps.runtime.tcpProbe(host, port, timeoutSeconds).catch(() => null);
      if (!answer) return null;
      if ('error' in answer)
        return {
          result: 'Failure',
          output: `dial tcp ${host}:${String(port)}: ${dialError(answer.error)}`,
        };
      return { result: 'Success', output: '' };
    }
    if (deps.runtime.listener(host, port)) return { result: 'Success', output: '' };
    return {
      result: 'Failure',
      output: `dial tcp ${host}:${String(port)}: connect: connection refused`,
    };
  }
  if (probe.grpc) {
    const address = `${podIP}:${String(probe.grpc.port)}`;
    const listener = deps.runtime.listener(podIP, probe.grpc.port);
    if (listener?.protocol !== 'grpc')
      return timedOut(
        `timeout: failed to connect service "${address}" within ${String(timeoutSeconds)}s: context deadline exceeded`,
      );
    if (listener.serving) return { result: 'Success', output: '' };
    return { result: 'Failure', output: 'service unhealthy (responded with "NOT_SERVING")' };
  }
  return null;
}

/** What a worker reads of its container each period. */
export interface ProbedContainer {
  /** The current instance's runtime id, once there is one. */
  id: string | undefined;
  running: boolean;
  startedAt: number;
  /** Whether the container has passed its startup probe (or has none). */
  started: boolean;
  podIP: string;
  /** The pod is being deleted: liveness and startup probes stop. */
  deleting: boolean;
}

const INITIAL: Record<ProbeType, ProbeResult> = {
  Liveness: 'Success',
  Readiness: 'Failure',
  Startup: 'Unknown',
};

/** worker.go: probes one container periodically and keeps the result for its current instance. */
export class ProbeWorker {
  private readonly spec: ReturnType<typeof defaultedProbe>;
  private containerId: string | undefined;
  private result: ProbeResult;
  private lastResult: ProbeResult = 'Unknown';
  private resultRun = 0;
  private onHold = false;
  private timer: TimerHandle | null = null;
  private probing = false;
  private stopped = false;

  constructor(
    readonly type: ProbeType,
    probe: Probe,
    private readonly container: Container,
    private readonly fieldPath: string,
    private readonly podRef: Parameters<CoreEventRecorder['event']>[0],
    private readonly read: () => ProbedContainer,
    private readonly changed: (worker: ProbeWorker) => void,
    private readonly deps: ProberDeps,
  ) {
    this.spec = defaultedProbe(probe);
    this.result = INITIAL[type];
  }

  /** Goes on probing instance `containerId` from `result`, as a kubelet taking a pod over found it. */
  resume(containerId: string, result: ProbeResult): void {
    this.containerId = containerId;
    this.result = result;
  }

  /** Probes now, then every periodSeconds. */
  start(): void {
    this.tick();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) this.deps.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  /** Read afresh after an await: stop() may have run meanwhile. */
  private isStopped(): boolean {
    return this.stopped;
  }

  /** Probes now, out of turn (a readiness probe when its container has just started). */
  trigger(): void {
    void this.doProbe();
  }

  /** The result for the instance `id`, if the worker has one for it. */
  resultFor(id: string | undefined): ProbeResult | undefined {
    return id !== undefined && id === this.containerId ? this.result : undefined;
  }

  private tick(): void {
    if (this.stopped) return;
    void this.doProbe();
    this.timer = this.deps.clock.setTimeout(() => {
      this.tick();
    }, this.spec.periodSeconds * 1000);
  }

  private set(result: ProbeResult): void {
    const before = this.result;
    this.result = result;
    if (before !== result) this.changed(this);
  }

  private async doProbe(): Promise<void> {
    if (this.probing || this.stopped) return;
    const container = this.read();
    if (container.id === undefined) return;
    if (container.id !== this.containerId) {
      this.containerId = container.id;
      this.onHold = false;
      this.lastResult = 'Unknown';
      this.resultRun = 0;
      this.set(INITIAL[this.type]);
    }
    if (this.onHold) return;
    if (!container.running) {
      this.set('Failure');
      return;
    }
    if (container.deleting && this.type !== 'Readiness') {
      this.set('Success');
      return;
    }
    const now = this.deps.clock.now();
    if (Math.floor((now - container.startedAt) / 1000) < this.spec.initialDelaySeconds) return;
    if (container.started === (this.type === 'Startup')) return;
    this.probing = true;
    const id = container.id;
    const outcome = await runProbe(this.spec, this.container, id, container.podIP, this.deps);
    this.probing = false;
    if (!outcome || this.isStopped() || id !== this.containerId) return;
    if (outcome.result === 'Failure')
      this.deps.recorder.event(
        this.podRef,
        'Warning',
        'Unhealthy',
        `${this.type} probe failed: ${outcome.output}`,
        this.fieldPath,
      );
    if (this.lastResult === outcome.result) this.resultRun++;
    else {
      this.lastResult = outcome.result;
      this.resultRun = 1;
    }
    const threshold =
      outcome.result === 'Failure' ? this.spec.failureThreshold : this.spec.successThreshold;
    if (this.resultRun < threshold) return;
    this.set(outcome.result);
    if (this.type !== 'Readiness' && outcome.result === 'Failure') {
      // The container will be restarted: stop probing until a new instance appears.
      this.onHold = true;
      this.resultRun = 0;
    }
  }
}
