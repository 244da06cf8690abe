// The tab's side of the local agent, against a small fake agent served from this test process
// (ws): pairing from the printed link, the messages for a missing agent and a wrong token, and a
// Docker node added to the running cluster whose pod runs and logs as the fake agent reports.
// The real agent process, with a real engine, is agent/'s own test.

import type { Page } from '@playwright/test';
import { createServer } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  AGENT_CLOSE,
  AGENT_PROTOCOL_VERSION,
  pairingFragment,
  parseTabMessage,
  type AgentMessage,
  type ContainerStatus,
  type NodeInfo,
  type SandboxStatus,
  type TabMessage,
} from '../agent/protocol.ts';
import { expect, openBooted, setEditorText, test } from './fixtures.ts';

const ENGINE: NodeInfo = {
  hostname: 'laptop',
  cpus: 12,
  memoryBytes: 32 * 1024 ** 3,
  os: 'linux',
  architecture: 'amd64',
  osImage: 'Debian GNU/Linux 12 (bookworm)',
  kernelVersion: '6.1.0-27-amd64',
  runtimeName: 'docker',
  runtimeVersion: '27.3.1',
  apiVersion: '1.47',
};

const OUTPUT = 'hello from a real container\n';

/**
 * A fake agent: pairs with `token`, runs every container at once, and writes OUTPUT in it. It
 * keeps its sandboxes and containers across the tab's connections, as the agent's engine does.
 */
function fakeAgent(token: string): Promise<{ url: string; calls: string[]; close(): void }> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  const calls: string[] = [];
  let next = 0;
  const sandboxes: SandboxStatus[] = [];
  const containers: ContainerStatus[] = [];
  server.on('connection', (ws: WebSocket) => {
    const send = (message: AgentMessage): void => {
      ws.send(JSON.stringify(message));
    };
    ws.once('message', (data: Buffer) => {
      const hello = parseTabMessage(data.toString('utf8'));
      if (hello?.type !== 'hello' || hello.token !== token) {
        ws.close(
          AGENT_CLOSE.wrongToken,
          'agent: wrong pairing token; open the pairing URL the agent printed',
        );
        return;
      }
      send({
        type: 'welcome',
        version: AGENT_PROTOCOL_VERSION,
        runId: 'run-1',
        engine: { available: true, host: 'unix:///var/run/docker.sock', info: ENGINE },
        sandboxImage: 'registry.k8s.io/pause:3.10',
      });
      ws.on('message', (frame: Buffer) => {
        const message = parseTabMessage(frame.toString('utf8'));
        if (message) answer(message, send);
      });
    });
  });
  const answer = (message: TabMessage, send: (message: AgentMessage) => void): void => {
    if (message.type !== 'call') return;
    const { id, call } = message;
    calls.push(call.method);
    const result = (value: unknown): void => {
      send({ type: 'result', id, result: value as never });
    };
    const pod = { namespace: 'default', name: 'web', uid: 'uid' };
    switch (call.method) {
      case 'runPodSandbox': {
        const sandbox = {
          id: `sandbox-${String(++next)}`,
          pod: call.config,
          state: 'ready' as const,
          ip: '172.17.0.2',
          createdAt: Date.now(),
        };
        sandboxes.push(sandbox);
        result({ sandboxId: sandbox.id, ip: sandbox.ip });
        return;
      }
      case 'imageStatus':
        result(null);
        return;
      case 'listPodSandboxes':
        result(sandboxes);
        return;
      case 'listContainers':
        result(containers);
        return;
      case 'containerStats':
        result([]);
        return;
      case 'pullImage':
        result({
          image: 'docker.io/library/nginx:1.27',
          imageRef: 'sha256:1234',
          size: 72_000_000,
        });
        return;
      case 'createContainer': {
        const containerId = String(++next).padStart(64, 'c');
        containers.push({
          id: containerId,
          name: call.config.name,
          pod: sandboxes.find((sandbox) => sandbox.id === call.sandboxId)?.pod ?? pod,
          state: 'running',
          createdAt: Date.now(),
          image: call.config.image,
          imageRef: 'sha256:1234',
          attempt: call.config.attempt ?? 0,
        });
        result({ containerId });
        return;
      }
      case 'startContainer':
        result({});
        send({
          type: 'container-event',
          event: {
            type: 'started',
            containerId: call.containerId,
            pod,
            sandbox: false,
            time: Date.now(),
          },
        });
        return;
      case 'containerLogs':
        send({ type: 'output', id, stream: 'stdout', data: OUTPUT });
        return;
      default:
        result({});
    }
  };
  return new Promise((resolve) => {
    server.on('listening', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        url: `ws://127.0.0.1:${String(port)}`,
        calls,
        close: () => {
          server.close();
        },
      });
    });
  });
}

/** A loopback port nothing listens on. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => {
        resolve(typeof address === 'object' && address ? address.port : 0);
      });
    });
  });
}

async function openPaired(page: Page, url: string, token: string): Promise<void> {
  await page.goto(`/#${pairingFragment({ url, token })}`);
  await expect(page.getByTestId('booting')).toBeHidden({ timeout: 60_000 });
  await expect(page.getByTestId('apply')).toBeEnabled();
}

async function agentPanel(page: Page): Promise<void> {
  await page.getByTestId('agent-chip').click();
  await expect(page.getByTestId('agent-status')).toBeVisible();
}

/** Adds docker-1 from the agent panel and applies pod `web` on it; returns once it is Running. */
async function runWebOnDockerNode(page: Page): Promise<void> {
  await agentPanel(page);
  await page.getByRole('button', { name: 'Add Docker node' }).click();
  await expect(page.getByTestId('zone-docker-1')).toContainText('· Ready', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Close', exact: true }).click();
  // One line of JSON (which is YAML): the editor's auto-indent leaves it as typed.
  await setEditorText(
    page,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web' },
      spec: {
        nodeSelector: { 'io.k8s-playground/runtime': 'docker' },
        containers: [{ name: 'web', image: 'nginx:1.27' }],
      },
    }),
  );
  await type(page, 'kubectl apply -f editor.yaml');
  await expect(page.getByTestId('pod-web')).toHaveAttribute('data-status', 'Running', {
    timeout: 60_000,
  });
}

function screen(page: Page) {
  return page.getByTestId('terminal').locator('.xterm-rows');
}

async function type(page: Page, line: string): Promise<void> {
  await page.getByTestId('terminal').click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

test.describe('the local agent, tab side', () => {
  test('says so when no agent listens, and keeps the token out of the URL', async ({ page }) => {
    const url = `ws://127.0.0.1:${String(await freePort())}`;
    await openPaired(page, url, 'secret');
    expect(page.url()).not.toContain('token=');

    await expect(page.getByTestId('agent-chip')).toHaveText('No agent');
    await agentPanel(page);
    await expect(page.getByTestId('agent-status')).toHaveText(
      `No agent at ${url} — run \`npm run agent\``,
    );
    await page.screenshot({ path: 'scratch/agent-absent.png' });
  });

  test('shows the agent’s refusal of a wrong token', async ({ page }) => {
    const agent = await fakeAgent('right');
    try {
      await openPaired(page, agent.url, 'wrong');
      await expect(page.getByTestId('agent-chip')).toHaveText('Agent refused');
      await agentPanel(page);
      await expect(page.getByTestId('agent-status')).toHaveText(
        'agent: wrong pairing token; open the pairing URL the agent printed',
      );
      await page.screenshot({ path: 'scratch/agent-wrong-token.png' });
    } finally {
      agent.close();
    }
  });

  test('pairs from the Connect dialog too', async ({ page }) => {
    const agent = await fakeAgent('right');
    try {
      await openBooted(page);
      await agentPanel(page);
      await expect(page.getByTestId('agent-status')).toHaveText('No local agent paired.');
      await page.getByTestId('agent-link-input').fill(agent.url);
      await page.getByTestId('agent-token-input').fill('right');
      await page.getByRole('button', { name: 'Connect', exact: true }).click();
      await expect(page.getByTestId('agent-status')).toHaveText(
        `Connected to the agent at ${agent.url}: docker 27.3.1 on laptop, 12 CPUs, 32 GiB memory.`,
      );
    } finally {
      agent.close();
    }
  });

  test('adds a Docker node whose pod runs and logs as the agent reports', async ({
    page,
    problems,
  }) => {
    const agent = await fakeAgent('right');
    try {
      await openPaired(page, agent.url, 'right');
      // Each round of hops is held on screen at 1×; 10× keeps the test short.
      await page.getByTestId('speed').selectOption('10');
      await expect(page.getByTestId('agent-chip')).toHaveText('docker 27.3.1');
      await runWebOnDockerNode(page);
      await expect(page.getByTestId('zone-docker-1')).toContainText(
        'real containers · docker 27.3.1',
      );
      await page.screenshot({ path: 'scratch/agent-node-added.png' });
      expect(agent.calls.filter((call) => call !== 'containerStats')).toEqual([
        'runPodSandbox',
        'imageStatus',
        'pullImage',
        'createContainer',
        'startContainer',
        'containerLogs',
      ]);

      await type(page, 'kubectl get node docker-1 -o wide');
      await expect(screen(page)).toContainText(/docker-1\s+Ready\s+<none>.*docker:\/\/27\.3\.1/);
      await type(page, 'kubectl logs web');
      await expect(screen(page)).toContainText('hello from a real container');
      await page.screenshot({ path: 'scratch/agent-docker-node.png' });
      expect(problems).toEqual([]);
    } finally {
      agent.close();
    }
  });

  test('after a reload the paired agent comes back, and docker-1 takes its running pod over', async ({
    page,
    problems,
  }) => {
    test.setTimeout(180_000);
    const agent = await fakeAgent('right');
    try {
      await openPaired(page, agent.url, 'right');
      await page.getByTestId('speed').selectOption('10');
      await expect(page.getByTestId('agent-chip')).toHaveText('docker 27.3.1');
      await runWebOnDockerNode(page);
      // Paused, the save catches up with the pod's Running status before the reload.
      await page.getByRole('button', { name: 'Pause' }).click();
      const revision = page.getByTestId('persist-status');
      let last = -1;
      await expect
        .poll(
          async () => {
            const now = Number(await revision.getAttribute('data-revision'));
            const same = now === last && now > 0;
            last = now;
            return same;
          },
          { intervals: [500] },
        )
        .toBe(true);
      const before = agent.calls.length;

      await page.reload();
      await expect(page.getByTestId('booting')).toBeHidden({ timeout: 60_000 });
      expect(page.url()).not.toContain('token=');
      const play = page.getByRole('button', { name: 'Play' });
      if (await play.isVisible()) await play.click();
      await expect(page.getByTestId('agent-chip')).toHaveText('docker 27.3.1');
      await expect(page.getByTestId('zone-docker-1')).toContainText('· Ready', { timeout: 60_000 });
      await expect(page.getByTestId('pod-web')).toHaveAttribute('data-status', 'Running');
      await expect.poll(() => agent.calls.slice(before)).toContain('containerLogs');
      // Leaving out the metrics scrapes' stats.
      expect(agent.calls.slice(before).filter((call) => call !== 'containerStats')).toEqual([
        'listPodSandboxes',
        'listContainers',
        'containerLogs',
      ]);
      await type(page, 'kubectl logs web');
      await expect(screen(page)).toContainText('hello from a real container');
      await page.screenshot({ path: 'scratch/agent-reloaded.png' });
      expect(problems).toEqual([]);

      // Without the agent the browser logs the refused WebSocket; the panel says what to do.
      agent.close();
      await page.reload();
      await expect(page.getByTestId('booting')).toBeHidden({ timeout: 60_000 });
      await expect(page.getByTestId('agent-chip')).toHaveText('No agent');
      await agentPanel(page);
      await expect(page.getByTestId('agent-orphans')).toHaveText(
        'docker-1 has no kubelet since the page reloaded, so the node goes NotReady. Start the agent (`npm run agent`, if it stopped) and Reconnect, or Connect agent… with the link it printed: the kubelet comes back and takes over the containers still running.',
      );
      await page.screenshot({ path: 'scratch/agent-reloaded-no-agent.png' });
    } finally {
      agent.close();
    }
  });
});
