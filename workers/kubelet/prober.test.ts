// Cases after pkg/kubelet/prober's worker_test.go (initial delay, failure and success thresholds,
// hold after a liveness failure, a new container) and prober_test.go (each handler's outcome).

import type { Container, Probe } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../host/clock.ts';
import { flush } from '../host/testing.ts';
import { ExecTimeoutError, type DialAnswer, type ExecResult } from './cri.ts';
import type { Listener } from './process.ts';
import {
  defaultedProbe,
  ProbeWorker,
  runProbe,
  type ProbedContainer,
  type ProbeResult,
  type ProbeType,
  type ProberDeps,
} from './prober.ts';

const T0 = Date.UTC(2025, 0, 1);
const POD_IP = '10.244.1.5';

/** A container whose probes answer as `answers` says, one answer per attempt (the last repeats). */
function fakeDeps(
  clock: VirtualClock,
  answers: ('ok' | 'fail')[],
  events: string[] = [],
): ProberDeps {
  let attempt = 0;
  const next = (): 'ok' | 'fail' => answers[Math.min(attempt++, answers.length - 1)] ?? 'ok';
  return {
    clock,
    recorder: {
      event(_object, type, reason, message) {
        events.push(`${type} ${reason} ${message}`);
      },
    },
    runtime: {
      execSync: (): Promise<ExecResult> =>
        Promise.resolve(
          next() === 'ok' ? { exitCode: 0, output: '' } : { exitCode: 1, output: 'not ok\n' },
        ),
      listener: (): Listener | undefined => undefined,
    },
  };
}

const CONTAINER: Container = { name: 'app', image: 'busybox' };

interface Run {
  results: ProbeResult[];
  events: string[];
}

/** Runs a worker for `seconds` virtual seconds; the result after each of its periods. */
async function runWorker(
  type: ProbeType,
  probe: Probe,
  answers: ('ok' | 'fail')[],
  seconds: number,
  container: Partial<ProbedContainer> = {},
): Promise<Run> {
  const clock = new VirtualClock(T0);
  const events: string[] = [];
  const state: ProbedContainer = {
    id: 'c1',
    running: true,
    startedAt: T0,
    started: type !== 'Startup',
    podIP: POD_IP,
    deleting: false,
    ...container,
  };
  const worker = new ProbeWorker(
    type,
    { exec: { command: ['check'] }, ...probe },
    CONTAINER,
    'spec.containers{app}',
    { metadata: { name: 'p' } },
    () => state,
    () => undefined,
    fakeDeps(clock, answers, events),
  );
  const results: ProbeResult[] = [];
  worker.start();
  await flush();
  const period = defaultedProbe(probe).periodSeconds * 1000;
  for (let at = period / 2; at <= seconds * 1000; at += period) {
    // Timer by timer, so each tick sees its own time.
    for (let due = clock.nextDue(); due !== null && due <= T0 + at; due = clock.nextDue()) {
      clock.advanceTo(due);
      await flush();
    }
    clock.advanceTo(T0 + at);
    results.push(worker.resultFor('c1') ?? 'Unknown');
  }
  worker.stop();
  return { results, events };
}

describe('ProbeWorker', () => {
  it.each<[string, ProbeType, Probe, ('ok' | 'fail')[], ProbeResult[]]>([
    [
      'keeps a readiness probe failing until the first success',
      'Readiness',
      {},
      ['ok'],
      ['Success', 'Success'],
    ],
    [
      'waits out initialDelaySeconds (readiness stays Failure)',
      'Readiness',
      { initialDelaySeconds: 25 },
      ['ok'],
      ['Failure', 'Failure', 'Failure', 'Success'],
    ],
    [
      'keeps liveness Success through two failures, Failure at the third',
      'Liveness',
      {},
      ['fail'],
      ['Success', 'Success', 'Failure'],
    ],
    [
      'counts failures only in a row',
      'Liveness',
      {},
      ['fail', 'fail', 'ok', 'fail', 'fail', 'ok'],
      ['Success', 'Success', 'Success', 'Success', 'Success', 'Success'],
    ],
    [
      'needs successThreshold successes in a row for readiness',
      'Readiness',
      { successThreshold: 3 },
      ['ok'],
      ['Failure', 'Failure', 'Success'],
    ],
    [
      'honours failureThreshold 1',
      'Readiness',
      { failureThreshold: 1 },
      ['ok', 'fail', 'ok'],
      ['Success', 'Failure', 'Success'],
    ],
    [
      'lets a startup probe pass at its first success',
      'Startup',
      { periodSeconds: 5 },
      ['fail', 'fail', 'ok'],
      ['Unknown', 'Unknown', 'Success'],
    ],
  ])('%s', async (_name, type, probe, answers, results) => {
    expect(
      (await runWorker(type, probe, answers, results.length * defaultedProbe(probe).periodSeconds))
        .results,
    ).toEqual(results);
  });

  it('stops probing after a liveness failure until a new container appears', async () => {
    const run = await runWorker('Liveness', { failureThreshold: 1 }, ['fail'], 50);
    expect(run.results).toEqual(['Failure', 'Failure', 'Failure', 'Failure', 'Failure']);
    expect(run.events).toEqual(['Warning Unhealthy Liveness probe failed: not ok\n']);
  });

  it('holds liveness back until the container has started', async () => {
    expect((await runWorker('Liveness', {}, ['fail'], 40, { started: false })).results).toEqual([
      'Success',
      'Success',
      'Success',
      'Success',
    ]);
  });

  it('reports a container that stopped as failing readiness', async () => {
    expect((await runWorker('Readiness', {}, ['ok'], 10, { running: false })).results).toEqual([
      'Failure',
    ]);
  });

  it('records an Unhealthy event for each failed attempt', async () => {
    const run = await runWorker('Readiness', {}, ['fail'], 30);
    expect(run.events).toEqual(Array(3).fill('Warning Unhealthy Readiness probe failed: not ok\n'));
  });
});

describe('runProbe', () => {
  const listeners: Record<number, Listener> = {
    80: { protocol: 'http', status: (path) => (path === '/' ? 200 : 404) },
    81: { protocol: 'http', status: () => 503 },
    6379: { protocol: 'tcp' },
    5000: { protocol: 'grpc', serving: false },
  };
  const deps = (clock: VirtualClock): ProberDeps => ({
    clock,
    recorder: { event: () => undefined },
    runtime: {
      execSync: (_id, command) =>
        command[0] === 'slow'
          ? Promise.reject(new ExecTimeoutError(command))
          : Promise.resolve({ exitCode: command[0] === 'true' ? 0 : 1, output: 'said so\n' }),
      listener: (ip, port) => (ip === POD_IP ? listeners[port] : undefined),
    },
  });

  it.each<[string, Probe, { result: string; output: string } | null]>([
    ['exec exit 0', { exec: { command: ['true'] } }, { result: 'Success', output: 'said so\n' }],
    ['exec exit 1', { exec: { command: ['false'] } }, { result: 'Failure', output: 'said so\n' }],
    [
      'exec past its timeout',
      { exec: { command: ['slow', '5'] } },
      { result: 'Failure', output: 'command "slow 5" timed out' },
    ],
    ['http 200', { httpGet: { path: '/', port: 80 } }, { result: 'Success', output: '' }],
    [
      'http 404',
      { httpGet: { path: '/healthz', port: 80 } },
      { result: 'Failure', output: 'HTTP probe failed with statuscode: 404' },
    ],
    [
      'http 503',
      { httpGet: { port: 81 } },
      { result: 'Failure', output: 'HTTP probe failed with statuscode: 503' },
    ],
    [
      'http to a closed port',
      { httpGet: { path: '/healthz', port: 8080 } },
      {
        result: 'Failure',
        output:
          'Get "http://10.244.1.5:8080/healthz": dial tcp 10.244.1.5:8080: connect: connection refused',
      },
    ],
    ['http to a named port that does not exist', { httpGet: { port: 'web' } }, null],
    ['tcp to an open port', { tcpSocket: { port: 6379 } }, { result: 'Success', output: '' }],
    [
      'tcp to a closed port',
      { tcpSocket: { port: 6380 } },
      { result: 'Failure', output: 'dial tcp 10.244.1.5:6380: connect: connection refused' },
    ],
    [
      'grpc to a server that is not serving',
      { grpc: { port: 5000 } },
      { result: 'Failure', output: 'service unhealthy (responded with "NOT_SERVING")' },
    ],
  ])('%s', async (_name, probe, outcome) => {
    const clock = new VirtualClock(T0);
    const pending = runProbe(probe, CONTAINER, 'c1', POD_IP, deps(clock));
    clock.advanceTo(T0 + 1_000);
    expect(await pending).toEqual(outcome);
  });
});

describe('runProbe on a node whose pods are real (the agent dials from the host)', () => {
  /** What the host's network answers, by port; the agent refuses other hosts. */
  const answers: Record<number, DialAnswer> = {
    80: { statusCode: 200 },
    81: { statusCode: 500 },
    82: { error: 'ETIMEDOUT' },
    83: { error: 'EHOSTUNREACH' },
    6379: { connected: true },
    6380: { error: 'ECONNREFUSED' },
    6381: { error: 'ETIMEDOUT' },
  };
  const calls: string[] = [];
  const dial = (host: string, port: number): Promise<DialAnswer> => {
    const answer = answers[port];
    return host === POD_IP && answer
      ? Promise.resolve(answer)
      : Promise.reject(new Error(`${host} is not the IP of a pod sandbox this agent runs`));
  };
  const deps: ProberDeps = {
    clock: new VirtualClock(T0),
    recorder: { event: () => undefined },
    runtime: {
      execSync: () => Promise.resolve({ exitCode: 0, output: '' }),
      listener: () => undefined,
      httpProbe: (scheme, host, port, path, timeoutSeconds) => {
        calls.push(
          `GET ${scheme.toLowerCase()}://${host}:${String(port)}${path} within ${String(timeoutSeconds)}s`,
        );
        return dial(host, port);
      },
      tcpProbe: (host, port, timeoutSeconds) => {
        calls.push(`connect ${host}:${String(port)} within ${String(timeoutSeconds)}s`);
        return dial(host, port);
      },
    },
  };

  it.each<[string, Probe, { result: string; output: string } | null, string]>([
    [
      'http 200',
      { httpGet: { path: 'healthz', port: 80 }, timeoutSeconds: 3 },
      { result: 'Success', output: '' },
      'GET http://10.244.1.5:80/healthz within 3s',
    ],
    [
      'http 500',
      { httpGet: { port: 81 } },
      { result: 'Failure', output: 'HTTP probe failed with statuscode: 500' },
      'GET http://10.244.1.5:81/ within 1s',
    ],
    [
      'http past its timeout',
      { httpGet: { path: '/ready', port: 82 } },
      {
        result: 'Failure',
        output:
          'Get "http://10.244.1.5:82/ready": context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
      },
      'GET http://10.244.1.5:82/ready within 1s',
    ],
    [
      'https, its certificate left unchecked by the agent',
      { httpGet: { path: '/healthz', port: 80, scheme: 'HTTPS' } },
      { result: 'Success', output: '' },
      'GET https://10.244.1.5:80/healthz within 1s',
    ],
    [
      'https past its timeout',
      { httpGet: { port: 82, scheme: 'HTTPS' } },
      {
        result: 'Failure',
        output:
          'Get "https://10.244.1.5:82/": context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
      },
      'GET https://10.244.1.5:82/ within 1s',
    ],
    [
      'http to an unreachable host',
      { httpGet: { port: 83 } },
      {
        result: 'Failure',
        output: 'Get "http://10.244.1.5:83/": dial tcp 10.244.1.5:83: connect: no route to host',
      },
      'GET http://10.244.1.5:83/ within 1s',
    ],
    [
      'tcp connected',
      { tcpSocket: { port: 6379 } },
      { result: 'Success', output: '' },
      'connect 10.244.1.5:6379 within 1s',
    ],
    [
      'tcp refused',
      { tcpSocket: { port: 6380 } },
      { result: 'Failure', output: 'dial tcp 10.244.1.5:6380: connect: connection refused' },
      'connect 10.244.1.5:6380 within 1s',
    ],
    [
      'tcp past its timeout',
      { tcpSocket: { port: 6381 } },
      { result: 'Failure', output: 'dial tcp 10.244.1.5:6381: i/o timeout' },
      'connect 10.244.1.5:6381 within 1s',
    ],
    [
      'tcp to a host the agent will not probe: no result',
      { tcpSocket: { port: 6379, host: '192.168.1.1' } },
      null,
      'connect 192.168.1.1:6379 within 1s',
    ],
  ])('%s', async (_name, probe, outcome, call) => {
    calls.length = 0;
    expect(await runProbe(probe, CONTAINER, 'c1', POD_IP, deps)).toEqual(outcome);
    expect(calls).toEqual([call]);
  });
});
