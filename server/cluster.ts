// `npm run cluster`: the whole cluster headless in Node, each component in its own worker
// thread, with the Kubernetes API on a loopback port for real kubectl and client libraries. It
// writes a kubeconfig holding a fresh admin token and prints how to use it; Ctrl-C stops it.

import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ADMIN_USER } from '../workers/host/kubectl-actor.ts';
import { CommandLine } from './cli.ts';
import { HeadlessCluster } from './headless-cluster.ts';
import { kubeconfig } from './kubeconfig.ts';
import { serveApi, type ServedApi } from './serve.ts';

const USAGE = `Usage: npm run cluster -- [options]

Options:
  --port <n>         API port on 127.0.0.1 (default 6443)
  --nodes <n>        number of nodes (default 3)
  --seed <s>         seed for names, uids and tie-breaks (default 42)
  --speed <x>        virtual seconds per wall second (default 1)
  --kubeconfig <f>   where to write the kubeconfig (default .k8s-playground/kubeconfig)
  --etcd-servers <urls>
                     keep the cluster's state in a real etcd (comma-separated client URLs,
                     e.g. http://127.0.0.1:2379) instead of the in-memory store; the cluster
                     then runs in one thread and its timing follows etcd
  -h, --help         show this help`;

interface Settings {
  port: number;
  nodes: number;
  seed: string;
  speed: number;
  kubeconfigPath: string;
  etcdServers?: string[];
}

const cli = new CommandLine(USAGE);
const fail: (message: string) => never = (message) => cli.fail(message);
const integer = (name: string, text: string, min: number, max: number): number =>
  cli.integer(name, text, min, max);

function parseSettings(argv: string[]): Settings {
  const values = cli.parse(argv, {
    port: { type: 'string', default: '6443' },
    nodes: { type: 'string', default: '3' },
    seed: { type: 'string', default: '42' },
    speed: { type: 'string', default: '1' },
    kubeconfig: { type: 'string', default: path.join('.k8s-playground', 'kubeconfig') },
    'etcd-servers': { type: 'string' },
  });
  const speed = Number(values.speed);
  if (!Number.isFinite(speed) || speed <= 0 || speed > 1000)
    fail(`--speed must be a number above 0 and at most 1000, got ${JSON.stringify(values.speed)}`);
  return {
    port: integer('port', values.port, 0, 65535),
    nodes: integer('nodes', values.nodes, 1, 5000),
    seed: values.seed,
    speed,
    kubeconfigPath: path.resolve(values.kubeconfig),
    ...(values['etcd-servers'] === undefined
      ? {}
      : { etcdServers: etcdServers(values['etcd-servers']) }),
  };
}

/** kube-apiserver's --etcd-servers: a comma-separated list of http(s) client URLs. */
function etcdServers(text: string): string[] {
  const urls = text.split(',').filter((url) => url !== '');
  for (const url of urls) {
    if (!/^https?:\/\/[^/]+\/?$/.test(url))
      fail(`--etcd-servers takes http(s)://host:port URLs, got ${JSON.stringify(url)}`);
  }
  if (urls.length === 0) fail('--etcd-servers needs at least one URL');
  return urls;
}

async function main(): Promise<void> {
  const settings = parseSettings(process.argv.slice(2));
  const token = randomBytes(32).toString('base64url');
  const started = performance.now();
  const cluster = await HeadlessCluster.start({
    nodes: settings.nodes,
    seed: settings.seed,
    speed: settings.speed,
    // Real kubectl reckons ages by its own clock.
    realTime: true,
    threads: true,
    tokens: [{ token, user: ADMIN_USER }],
    ...(settings.etcdServers ? { etcdServers: settings.etcdServers } : {}),
  });
  let api: ServedApi;
  try {
    api = await serveApi(cluster, settings.port);
  } catch (error) {
    await cluster.stop();
    cli.failIfInUse(error, '127.0.0.1', settings.port, 'port');
    throw error;
  }
  mkdirSync(path.dirname(settings.kubeconfigPath), { recursive: true });
  writeFileSync(settings.kubeconfigPath, kubeconfig(api.url, api.caCert, token), {
    mode: 0o600,
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    [
      `k8s playground: ${settings.nodes} node(s) ready in ${seconds} s; Kubernetes API at ${api.url}`,
      ...(settings.etcdServers
        ? [`State in etcd at ${settings.etcdServers.join(',')} under /registry/`]
        : []),
      '',
      'Use it with kubectl:',
      `  export KUBECONFIG=${settings.kubeconfigPath}`,
      '  kubectl get nodes',
      '',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('\nstopping the cluster…\n');
    api.close();
    void cluster.stop().then(() => {
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
