// A throwaway real etcd server for tests and benchmarks: one member on free loopback client and
// peer ports with a temporary data dir, removed when it stops. Uses the `etcd` binary on PATH
// (Debian's etcd-server 3.4, which .ci/run installs); ETCD_AVAILABLE says whether there is one.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const ETCD_BINARY = process.env.ETCD_BINARY ?? 'etcd';

export const ETCD_AVAILABLE = spawnSync(ETCD_BINARY, ['--version']).status === 0;

/** Printed by suites that skip their real-etcd half. */
export const ETCD_MISSING = `no etcd binary (${ETCD_BINARY}) on PATH: skipping what needs a real etcd; install Debian's etcd-server 3.4 (as .ci/run does) to run it`;

const READY_LIMIT_MS = 20_000;

export interface EtcdProcess {
  /** The client URL, e.g. http://127.0.0.1:40123. */
  readonly url: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

async function waitHealthy(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + READY_LIMIT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`etcd exited early:\n${output()}`);
    try {
      const response = await fetch(`${url}/health`);
      const body = (await response.json()) as { health?: string };
      if (body.health === 'true') return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`etcd was not healthy within ${READY_LIMIT_MS / 1000} s:\n${output()}`);
}

export async function startEtcd(): Promise<EtcdProcess> {
  const [clientPort, peerPort] = [await freePort(), await freePort()];
  const dataDir = mkdtempSync(path.join(tmpdir(), 'k8s-playground-etcd-'));
  const url = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  const child = spawn(
    ETCD_BINARY,
    [
      '--name=playground',
      `--data-dir=${dataDir}`,
      `--listen-client-urls=${url}`,
      `--advertise-client-urls=${url}`,
      `--listen-peer-urls=${peer}`,
      `--initial-advertise-peer-urls=${peer}`,
      `--initial-cluster=playground=${peer}`,
      '--logger=zap',
      '--log-level=error',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitHealthy(url, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}
