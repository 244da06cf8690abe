// Test support for the HTTP front: a cluster (one thread, fast) behind the same HTTPS front as
// `npm run cluster`, a kubeconfig for it, raw HTTPS calls, and the real kubectl binary.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { ADMIN_USER } from '../workers/host/kubectl-actor.ts';
import { HeadlessCluster } from './headless-cluster.ts';
import { kubeconfig } from './kubeconfig.ts';
import { serveApi } from './serve.ts';

export const ADMIN_TOKEN = 'test-admin-token';

export interface TestCluster {
  cluster: HeadlessCluster;
  url: string;
  caCert: string;
  kubeconfigPath: string;
  stop(): Promise<void>;
}

/** `etcdServers`: keep the state in that real etcd instead of our store. */
export async function startTestCluster(nodes = 2, etcdServers?: string[]): Promise<TestCluster> {
  const cluster = await HeadlessCluster.start({
    nodes,
    seed: 'http-test',
    // Pods start and stop in virtual seconds; tests need not wait for them in real ones.
    speed: 20,
    threads: false,
    realTime: true,
    tokens: [{ token: ADMIN_TOKEN, user: ADMIN_USER }],
    ...(etcdServers ? { etcdServers } : {}),
  });
  const api = await serveApi(cluster, 0);
  const dir = mkdtempSync(path.join(tmpdir(), 'k8s-playground-'));
  const kubeconfigPath = path.join(dir, 'kubeconfig');
  writeFileSync(kubeconfigPath, kubeconfig(api.url, api.caCert, ADMIN_TOKEN), { mode: 0o600 });
  return {
    cluster,
    url: api.url,
    caCert: api.caCert,
    kubeconfigPath,
    async stop() {
      api.close();
      await cluster.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json(): unknown;
}

export interface CallOptions {
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
  /** Send the admin token (default true). */
  authenticated?: boolean;
}

/** One HTTPS call to the test cluster, trusting its CA. */
export function call(
  target: TestCluster,
  method: string,
  urlPath: string,
  options: CallOptions = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | string[]> = { ...options.headers };
    if (options.authenticated !== false) headers.authorization = `Bearer ${ADMIN_TOKEN}`;
    // Node sends a DELETE's body unframed unless told its length.
    if (options.body !== undefined && headers['transfer-encoding'] === undefined)
      headers['content-length'] = String(Buffer.byteLength(options.body));
    const request = httpsRequest(
      `${target.url}${urlPath}`,
      { method, headers, ca: target.caCert },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text,
            json: () => JSON.parse(text) as unknown,
          });
        });
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

export const KUBECTL_AVAILABLE =
  spawnSync('kubectl', ['version', '--client'], {
    stdio: 'ignore',
  }).status === 0;

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The command succeeded with nothing on stderr; its output. */
export async function ok(result: Promise<KubectlResult>): Promise<string> {
  const { code, stdout, stderr } = await result;
  expect(stderr).toBe('');
  expect(code).toBe(0);
  return stdout;
}

/** Runs the real kubectl against the test cluster (or any API server with a kubeconfig). */
export function kubectl(
  target: Pick<TestCluster, 'kubeconfigPath'>,
  args: string[],
  input?: string,
): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('kubectl', args, {
      env: { ...process.env, KUBECONFIG: target.kubeconfigPath },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

export interface KubectlStream {
  /** Resolves with everything printed so far once it matches `pattern`. */
  until(pattern: RegExp): Promise<string>;
  /** Ends kubectl as Ctrl-C would. */
  stop(): void;
}

/** A long-running kubectl (`get -w`, `logs -f`) whose output is read as it arrives. */
export function kubectlStream(target: TestCluster, args: string[]): KubectlStream {
  const child = spawn('kubectl', args, {
    env: { ...process.env, KUBECONFIG: target.kubeconfigPath },
  });
  let output = '';
  const waiters: (() => void)[] = [];
  const wake = (chunk: Buffer): void => {
    output += chunk.toString();
    for (const waiter of waiters.splice(0)) waiter();
  };
  child.stdout.on('data', wake);
  child.stderr.on('data', wake);
  let exited = false;
  child.on('exit', () => {
    exited = true;
    for (const waiter of waiters.splice(0)) waiter();
  });
  return {
    async until(pattern) {
      while (!pattern.test(output)) {
        if (exited)
          throw new Error(`kubectl exited before printing ${String(pattern)}:\n${output}`);
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
      return output;
    },
    stop() {
      child.kill('SIGINT');
    },
  };
}
