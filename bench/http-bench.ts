// The Kubernetes API over HTTPS, as `npm run cluster` serves it (worker_threads, real time):
// creates and gets per second at a concurrency of 16, what the real kubectl takes to list 1,000
// pods, and how many watch events per second reach 10 watchers. Prints figures; asserts nothing.

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ADMIN_USER } from '../workers/host/kubectl-actor.ts';
import { HeadlessCluster } from '../server/headless-cluster.ts';
import { kubeconfig } from '../server/kubeconfig.ts';
import { serveApi, type ServedApi } from '../server/serve.ts';

const TOKEN = 'bench-token';
const CONCURRENCY = 16;
const PODS = 1000;
const NODES = 10;
const WATCHERS = 10;
const WATCHED_OBJECTS = 300;
const GET_SECONDS = 5;

interface Answer {
  status: number;
  text: string;
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function client(
  api: ServedApi,
): (method: string, urlPath: string, body?: unknown) => Promise<Answer> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY, ca: api.caCert });
  return (method, urlPath, body) =>
    new Promise((resolve, reject) => {
      const sent = request(
        `${api.url}${urlPath}`,
        {
          method,
          agent,
          headers: {
            authorization: `Bearer ${TOKEN}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
        },
        (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += chunk.toString()));
          response.on('end', () => {
            resolve({ status: response.statusCode ?? 0, text });
          });
        },
      );
      sent.on('error', reject);
      sent.end(body === undefined ? undefined : JSON.stringify(body));
    });
}

/** Runs `work(i)` from `CONCURRENCY` loops until `count` calls are done or `seconds` pass. */
async function load(
  work: (i: number) => Promise<void>,
  limits: { count?: number; seconds?: number },
): Promise<{ done: number; elapsedMs: number }> {
  const started = performance.now();
  const deadline = limits.seconds === undefined ? Infinity : started + limits.seconds * 1000;
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < deadline && (limits.count === undefined || next < limits.count)) {
        const i = next++;
        await work(i);
        done++;
      }
    }),
  );
  return { done, elapsedMs: performance.now() - started };
}

function pod(name: string): unknown {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: 'bench' } },
    spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] },
  };
}

/** Runs the real kubectl; the server lives in this process, so never synchronously. */
function runKubectl(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ ok: boolean; stdout: string }> {
  return new Promise((resolve) => {
    execFile('kubectl', args, { env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout) => {
      resolve({ ok: error === null, stdout });
    });
  });
}

async function timedRuns(args: string[], env: NodeJS.ProcessEnv, runs: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await runKubectl(args, env);
    samples.push(performance.now() - started);
  }
  return samples;
}

async function kubectlListing(api: ServedApi): Promise<string[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'k8s-bench-'));
  try {
    const config = path.join(dir, 'config');
    writeFileSync(config, kubeconfig(api.url, api.caCert, TOKEN));
    const env = { ...process.env, KUBECONFIG: config };
    const version = await runKubectl(['version', '--client'], env);
    if (!version.ok) return ['kubectl get pods: skipped (no kubectl binary)'];
    const listing = await runKubectl(['get', 'pods'], env);
    const rows = listing.stdout.split('\n').length - 2;
    const samples = await timedRuns(['get', 'pods'], env, 10);
    const baseline = await timedRuns(['version', '--client'], env, 10);
    return [
      `real kubectl get pods (${rows} rows, server-side Table): p50 ${percentile(samples, 50).toFixed(0)} ms per run, of which ${percentile(baseline, 50).toFixed(0)} ms is kubectl starting (${version.stdout.split('\n')[0] ?? ''})`,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function watchThroughput(api: ServedApi, call: ReturnType<typeof client>): Promise<string> {
  await call('POST', '/api/v1/namespaces', { metadata: { name: 'bench-watch' } });
  let received = 0;
  let allArrived: () => void = () => undefined;
  const arrival = new Promise<void>((resolve) => (allArrived = resolve));
  const expected = WATCHERS * WATCHED_OBJECTS;
  const agent = new Agent({ keepAlive: false, ca: api.caCert });
  const streams = await Promise.all(
    Array.from(
      { length: WATCHERS },
      () =>
        new Promise<() => void>((resolve) => {
          const sent = request(
            `${api.url}/api/v1/namespaces/bench-watch/configmaps?watch=true`,
            { agent, headers: { authorization: `Bearer ${TOKEN}` } },
            (response) => {
              resolve(() => sent.destroy());
              response.on('data', (chunk: Buffer) => {
                for (const byte of chunk) if (byte === 10) received++;
                if (received >= expected) allArrived();
              });
            },
          );
          sent.on('error', () => undefined);
          sent.end();
        }),
    ),
  );
  const started = performance.now();
  await load(
    async (i) => {
      await call('POST', '/api/v1/namespaces/bench-watch/configmaps', {
        metadata: { name: `cm-${i}` },
        data: { index: String(i) },
      });
    },
    { count: WATCHED_OBJECTS },
  );
  await arrival;
  const elapsed = performance.now() - started;
  for (const stop of streams) stop();
  return `watch: ${WATCHED_OBJECTS} creates fanned out to ${WATCHERS} watchers, ${expected} events in ${elapsed.toFixed(0)} ms → ${((expected / elapsed) * 1000).toFixed(0)} events/s`;
}

export async function benchHttp(): Promise<string[]> {
  const cluster = await HeadlessCluster.start({
    nodes: NODES,
    seed: 'bench',
    speed: 1,
    realTime: true,
    threads: true,
    tokens: [{ token: TOKEN, user: ADMIN_USER }],
  });
  const api = await serveApi(cluster, 0);
  const call = client(api);
  try {
    const lines: string[] = [];
    const createLatency: number[] = [];
    const created = await load(
      async (i) => {
        const sent = performance.now();
        const answer = await call('POST', '/api/v1/namespaces/default/pods', pod(`p-${i}`));
        createLatency.push(performance.now() - sent);
        if (answer.status !== 201)
          throw new Error(`create answered ${answer.status}: ${answer.text}`);
      },
      { count: PODS },
    );
    lines.push(
      `create pods over HTTPS, concurrency ${CONCURRENCY}: ${created.done} in ${created.elapsedMs.toFixed(0)} ms → ${((created.done / created.elapsedMs) * 1000).toFixed(0)} req/s, p50 ${percentile(createLatency, 50).toFixed(1)} ms, p99 ${percentile(createLatency, 99).toFixed(1)} ms (${NODES} nodes scheduling and starting them meanwhile)`,
    );

    const getLatency: number[] = [];
    const got = await load(
      async (i) => {
        const sent = performance.now();
        await call('GET', `/api/v1/namespaces/default/pods/p-${i % PODS}`);
        getLatency.push(performance.now() - sent);
      },
      { seconds: GET_SECONDS },
    );
    lines.push(
      `get a pod over HTTPS, concurrency ${CONCURRENCY}, ${GET_SECONDS} s: ${((got.done / got.elapsedMs) * 1000).toFixed(0)} req/s, p50 ${percentile(getLatency, 50).toFixed(1)} ms, p99 ${percentile(getLatency, 99).toFixed(1)} ms`,
    );

    const listLatency: number[] = [];
    for (let i = 0; i < 10; i++) {
      const sent = performance.now();
      await call('GET', '/api/v1/namespaces/default/pods');
      listLatency.push(performance.now() - sent);
    }
    lines.push(
      `list ${PODS} pods over HTTPS (JSON): p50 ${percentile(listLatency, 50).toFixed(1)} ms`,
    );
    lines.push(...(await kubectlListing(api)));
    lines.push(await watchThroughput(api, call));
    return lines;
  } finally {
    api.close();
    await cluster.stop();
  }
}
