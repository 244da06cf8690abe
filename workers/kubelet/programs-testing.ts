// Test support for the network programs: a pod's network that answers from tables (cluster DNS
// names, what listens at which address) on the next microtask, and a shell run on a virtual clock
// that lets those answers land. Not used by the running cluster.

import type { ConnectionResult, HttpRequest } from '../client/protocol.ts';
import { VirtualClock } from '../host/clock.ts';
import { resolvConf } from './cluster-dns.ts';
import { nginxSite } from './programs-http-servers.ts';
import { RunningProcess, type ContainerNetwork, type Listener } from './process.ts';
import { Shell } from './shell.ts';
import { ENVIRONMENT, T0, type Run } from './testing.ts';

export const WEB_IP = '10.96.0.12';
export const CLIENT_IP = '10.244.1.5';

export interface TestNetwork extends ContainerNetwork {
  /** `ip:port request-line` of every connection made. */
  connections: string[];
  /** What the servers logged. */
  serverLog: string[];
}

/**
 * Cluster DNS knows `web` in `default` at WEB_IP, where nginx listens on 80; `dropped` resolves to
 * an address nothing answers; `closed` to a server that closes without answering.
 */
export function testNetwork(): TestNetwork {
  const serverLog: string[] = [];
  const log = (text: string): void => {
    serverLog.push(text);
  };
  const nginx = nginxSite({ now: () => T0, stdout: log, stderr: log }, 29);
  const records: Record<string, string[]> = {
    'web.default.svc.cluster.local': [WEB_IP],
    'dropped.default.svc.cluster.local': ['10.96.0.13'],
    'closed.default.svc.cluster.local': ['10.96.0.14'],
  };
  const listeners: Record<string, Listener> = {
    [`${WEB_IP}:80`]: nginx,
    '10.96.0.14:80': { protocol: 'tcp' },
  };
  const connections: string[] = [];
  return {
    namespace: 'default',
    connections,
    serverLog,
    lookup: (names) => Promise.resolve(names.map((name) => records[name] ?? null)),
    connect(ip: string, port: number, request: HttpRequest): Promise<ConnectionResult> {
      connections.push(`${ip}:${String(port)} ${request.method} ${request.path}`);
      if (ip === '10.96.0.13') return Promise.resolve({ kind: 'unanswered' });
      const listener = listeners[`${ip}:${String(port)}`];
      if (!listener) return Promise.resolve({ kind: 'refused' });
      if (listener.protocol !== 'http' || !listener.respond)
        return Promise.resolve({ kind: 'closed' });
      return Promise.resolve({ kind: 'response', response: listener.respond(request, CLIENT_IP) });
    },
  };
}

/** Lets every promise continuation queued so far run (the network's answers, then the steps). */
async function drain(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

/** Runs `script` in a pod of image `tools` with `network`, until it exits or `limitMs` passes. */
export async function runNetworked(
  script: string,
  network: ContainerNetwork | undefined,
  tools: readonly string[] = ['wget', 'nslookup', 'curl'],
  limitMs = 600_000,
): Promise<Run & { files: Map<string, string> }> {
  const files = new Map([['/etc/resolv.conf', resolvConf('default')]]);
  const program = Shell.of(script, {
    ...ENVIRONMENT,
    files,
    tools,
    ...(network ? { network } : {}),
  });
  if (!program) throw new Error(`the simulated shell does not read: ${script}`);
  const clock = new VirtualClock(T0);
  const run = { stdout: '', stderr: '', status: null as number | null, elapsed: 0, timeline: [] };
  const process = new RunningProcess(
    program,
    {
      now: () => clock.now(),
      stdout: (text) => (run.stdout += text),
      stderr: (text) => (run.stderr += text),
    },
    clock,
    (status) => {
      run.status = status;
    },
  );
  process.start();
  for (;;) {
    await drain();
    const due = clock.nextDue();
    if (run.status !== null || due === null || due > T0 + limitMs) break;
    clock.advanceTo(due);
  }
  return { ...run, elapsed: clock.now() - T0, files };
}
