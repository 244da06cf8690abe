// `npm run cluster` as a user runs it: a child process with worker_threads, its printed
// instructions, its kubeconfig, and a clean stop on Ctrl-C.

import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBECTL_AVAILABLE } from './testing.ts';

const ENTRY = path.join(import.meta.dirname, 'cluster.ts');

function startCli(args: string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', ENTRY, ...args]);
}

function output(child: ChildProcessWithoutNullStreams, until: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const check = (chunk: Buffer): void => {
      text += chunk.toString();
      if (until.test(text)) resolve(text);
    };
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    child.on('exit', () => {
      reject(new Error(`exited before printing ${String(until)}:\n${text}`));
    });
  });
}

describe('npm run cluster', () => {
  let dir: string;
  let kubeconfigPath: string;
  let child: ChildProcessWithoutNullStreams;
  let banner: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'k8s-playground-cli-'));
    kubeconfigPath = path.join(dir, 'config');
    child = startCli(['--port', '0', '--nodes', '2', '--kubeconfig', kubeconfigPath]);
    banner = await output(child, /Press Ctrl-C to stop\./);
  }, 60_000);

  afterAll(() => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints where the API is and how to point kubectl at it', () => {
    expect(banner).toMatch(
      /^k8s playground: 2 node\(s\) ready in [\d.]+ s; Kubernetes API at https:\/\/127\.0\.0\.1:\d+\n/,
    );
    expect(banner).toContain(`  export KUBECONFIG=${kubeconfigPath}\n  kubectl get nodes\n`);
  });

  it('writes a private kubeconfig with the CA and an admin token', () => {
    expect(statSync(kubeconfigPath).mode & 0o777).toBe(0o600);
    const config = readFileSync(kubeconfigPath, 'utf8');
    expect(config).toContain('current-context: kubernetes-admin@playground');
    expect(config).toMatch(/certificate-authority-data: [A-Za-z0-9+/=]+/);
    expect(config).toMatch(/token: [\w-]{20,}/);
  });

  it.skipIf(!KUBECTL_AVAILABLE)('serves kubectl', () => {
    const result = spawnSync('kubectl', ['get', 'nodes', '-o', 'name'], {
      env: { ...process.env, KUBECONFIG: kubeconfigPath },
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('node/node-1\nnode/node-2\n');
  });

  it('stops cleanly on Ctrl-C', async () => {
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});

describe('npm run cluster with bad flags', () => {
  it.each([
    [['--nodes', 'many'], 'error: --nodes must be a whole number from 1 to 5000, got "many"'],
    [['--speed', '0'], 'error: --speed must be a number above 0 and at most 1000, got "0"'],
    [['--colour'], "error: Unknown option '--colour'"],
  ])('%j stops with a message and the usage', (args, message) => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', ENTRY, ...args], {
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr.startsWith(message)).toBe(true);
    expect(result.stderr).toContain('Usage: npm run cluster -- [options]');
  });
});
