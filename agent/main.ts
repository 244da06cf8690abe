// `npm run agent`: the local agent that backs Docker nodes of the web app's cluster with real
// containers, and (with --relay-port) serves the tab's Kubernetes API to the user's own kubectl.
// It prints a one-time pairing URL; Ctrl-C removes this run's containers and stops it.

import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { CommandLine } from '../server/cli.ts';
import { DockerodeEngine, dockerHostFromEnv } from './engine-docker.ts';
import { DEFAULT_APP_ORIGINS, pairingUrl } from './protocol.ts';
import { startRelay, type ServedRelay } from './relay.ts';
import { AgentRuntime } from './runtime.ts';
import { AgentServer, NonLoopbackError } from './server.ts';

export const DEFAULT_SANDBOX_IMAGE = 'registry.k8s.io/pause:3.10';

const USAGE = `Usage: npm run agent -- [options]
   or: npx k8s-playground-agent [options]

Options:
  --port <n>             WebSocket port for the web app (default 6780)
  --host <addr>          loopback address to listen on (default 127.0.0.1; nothing else is allowed)
  --allow-origin <url>   an origin the web app is served from; repeat for more
                         (default ${DEFAULT_APP_ORIGINS.join(' and ')}); the first is used in the pairing URL
  --relay-port <n>       also serve the tab's Kubernetes API to kubectl over HTTPS on this port
  --kubeconfig <file>    where to write the relay's kubeconfig (default .k8s-playground/agent-kubeconfig)
  --sandbox-image <ref>  the pod sandbox's image (default ${DEFAULT_SANDBOX_IMAGE})
  --sandbox-command <c>  its command, for an image that is not a pause image
                         (e.g. "sleep 2147483647" with a busybox image)
  --pod-network <name>   the sandboxes' network: bridge (default), none, or a network's name
  --grace <seconds>      how long the tab may be away before this run's containers are removed (default 30)
  -h, --help             show this help

The Docker Engine API is taken from K8SPG_DOCKER_HOST, then DOCKER_HOST, then
unix:///var/run/docker.sock (podman's Docker-compatible socket works too).`;

interface Settings {
  host: string;
  port: number;
  allowOrigins: string[];
  relayPort?: number;
  kubeconfigPath: string;
  sandboxImage: string;
  sandboxCommand?: string[];
  podNetwork: string;
  graceMs: number;
}

const cli = new CommandLine(USAGE);
const fail: (message: string) => never = (message) => cli.fail(message);
const integer = (name: string, text: string, min: number, max: number): number =>
  cli.integer(name, text, min, max);

function origin(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    fail(
      `--allow-origin takes an origin such as http://localhost:4173, got ${JSON.stringify(text)}`,
    );
  }
  if (url.origin === 'null' || (url.pathname !== '/' && url.pathname !== ''))
    fail(
      `--allow-origin takes an origin such as http://localhost:4173, got ${JSON.stringify(text)}`,
    );
  return url.origin;
}

function parseSettings(argv: string[]): Settings {
  const values = cli.parse(argv, {
    port: { type: 'string', default: '6780' },
    host: { type: 'string', default: '127.0.0.1' },
    'allow-origin': { type: 'string', multiple: true },
    'relay-port': { type: 'string' },
    kubeconfig: { type: 'string', default: path.join('.k8s-playground', 'agent-kubeconfig') },
    'sandbox-image': { type: 'string', default: DEFAULT_SANDBOX_IMAGE },
    'sandbox-command': { type: 'string' },
    'pod-network': { type: 'string', default: 'bridge' },
    grace: { type: 'string', default: '30' },
  });
  const command = values['sandbox-command']?.trim().split(/\s+/);
  return {
    host: values.host,
    port: integer('port', values.port, 0, 65535),
    allowOrigins: (values['allow-origin'] ?? [...DEFAULT_APP_ORIGINS]).map(origin),
    ...(values['relay-port'] === undefined
      ? {}
      : { relayPort: integer('relay-port', values['relay-port'], 0, 65535) }),
    kubeconfigPath: path.resolve(values.kubeconfig),
    sandboxImage: values['sandbox-image'],
    ...(command?.length ? { sandboxCommand: command } : {}),
    podNetwork: values['pod-network'],
    graceMs: integer('grace', values.grace, 0, 86_400) * 1000,
  };
}

function log(line: string): void {
  process.stdout.write(`agent: ${line}\n`);
}

async function main(): Promise<void> {
  const settings = parseSettings(process.argv.slice(2));
  const token = randomBytes(24).toString('base64url');
  const runtime = new AgentRuntime(new DockerodeEngine(dockerHostFromEnv()), {
    runId: randomBytes(6).toString('hex'),
    sandboxImage: settings.sandboxImage,
    ...(settings.sandboxCommand ? { sandboxCommand: settings.sandboxCommand } : {}),
    podNetwork: settings.podNetwork,
  });
  let agent: AgentServer;
  try {
    agent = await AgentServer.start({
      host: settings.host,
      port: settings.port,
      allowOrigins: settings.allowOrigins,
      token,
      runtime,
      graceMs: settings.graceMs,
      log,
    });
  } catch (error) {
    if (error instanceof NonLoopbackError) fail(error.message);
    cli.failIfInUse(error, settings.host, settings.port, 'port');
    throw error;
  }

  let relay: ServedRelay | null = null;
  if (settings.relayPort !== undefined) {
    try {
      relay = await startRelay(agent, {
        host: settings.host,
        port: settings.relayPort,
        token: randomBytes(32).toString('base64url'),
        kubeconfigPath: settings.kubeconfigPath,
      });
    } catch (error) {
      await agent.close();
      cli.failIfInUse(error, settings.host, settings.relayPort, 'relay-port');
      throw error;
    }
  }

  const appUrl = `${settings.allowOrigins[0] ?? DEFAULT_APP_ORIGINS[0]}/`;
  const engine = agent.engineStatus;
  process.stdout.write(
    [
      '',
      `k8s playground agent: listening on ${agent.url} for ${settings.allowOrigins.join(', ')}`,
      engine.available && engine.info
        ? `Docker Engine API at ${engine.host}: ${engine.info.runtimeName} ${engine.info.runtimeVersion}, ` +
          `${engine.info.cpus} CPU(s), ${(engine.info.memoryBytes / 1024 ** 3).toFixed(1)} GiB`
        : 'No Docker Engine API yet (see above); the agent keeps looking every 5 s.',
      '',
      'Pair the web app by opening this URL (it holds a token that is new each run):',
      `  ${pairingUrl(appUrl, { url: agent.url, token })}`,
      `Token: ${token}`,
      ...(relay
        ? [
            '',
            `Relay: the paired tab's Kubernetes API at ${relay.url}. Use it with kubectl:`,
            `  export KUBECONFIG=${settings.kubeconfigPath}`,
            '  kubectl get pods',
          ]
        : []),
      '',
      "Press Ctrl-C to stop; this run's containers are removed then.",
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = (): void => {
    if (stopping) {
      process.exit(1);
    }
    stopping = true;
    process.stdout.write("\nstopping the agent; removing this run's containers…\n");
    relay?.close();
    void agent
      .close()
      .then(() => agent.removeContainers('the agent stopped'))
      .then(() => {
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
