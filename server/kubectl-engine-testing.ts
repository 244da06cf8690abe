// The oracle for the in-browser kubectl (workers/kubectl): run one command with the real kubectl
// v1.32 and with the engine against the same test cluster, so tests can compare them byte for
// byte. The engine reaches the cluster in-process, through the gateway real kubectl's HTTPS
// requests also enter by, as the admin.

import { Client } from '../workers/client/client.ts';
import type { ApiRequest } from '../workers/client/protocol.ts';
import type { StreamingTransport } from '../workers/kubectl/pod-streams.ts';
import { ADMIN_USER } from '../workers/host/kubectl-actor.ts';
import { Discovery } from '../workers/kubectl/discovery.ts';
import { runKubectl } from '../workers/kubectl/kubectl.ts';
import { kubectl, type KubectlResult, type TestCluster } from './testing.ts';

export interface Engine {
  client: Client;
  discovery: Discovery;
  run(
    args: string[],
    options?: { stdin?: string; files?: Map<string, string>; signal?: AbortSignal },
  ): Promise<KubectlResult>;
}

export function engineFor(target: TestCluster): Engine {
  const gateway = target.cluster.gateway;
  const withUser = (request: ApiRequest): ApiRequest => ({ ...request, user: ADMIN_USER });
  const transport: StreamingTransport = {
    request: (request) => gateway.request(withUser(request)),
    watch: (request, handler) => gateway.watch(withUser(request), handler),
    stream: (request, handler) => gateway.stream(withUser(request), handler),
  };
  const client = new Client(transport);
  const discovery = new Discovery(client);
  return {
    client,
    discovery,
    async run(args, options = {}) {
      let stdout = '';
      let stderr = '';
      const code = await runKubectl(
        args,
        {
          stdout: (text) => (stdout += text),
          stderr: (text) => (stderr += text),
          ...options,
        },
        client,
        discovery,
        { now: () => Date.now(), server: target.url },
      );
      return { code, stdout, stderr };
    },
  };
}

/**
 * Ages (`5s`, `2m30s`, `3d`) and the like differ by the second the commands ran in, and so may
 * the AGE column's width (`9s` → `10s`): both are evened out. So is a node Lease's RenewTime in
 * `describe node`, which the kubelet moves every 10 s.
 */
export function normaliseAges(text: string): string {
  return text
    .replace(/^( {2}RenewTime: +).+$/gm, '$1<time>')
    .replace(/(?<=\s|^|\()(\d+(y|d|h|m|s))+(?=\s|$|\))/gm, '<age>')
    .replace(/<age> {3,}/g, '<age>   ')
    .replace(/\bAGE {3,}/g, 'AGE   ');
}

/** The real kubectl's result and the engine's, for the same command. */
export async function both(
  target: TestCluster,
  engine: Engine,
  args: string[],
  input?: string,
): Promise<{ real: KubectlResult; ours: KubectlResult }> {
  const real = await kubectl(target, args, input);
  const ours = await engine.run(args, input === undefined ? {} : { stdin: input });
  return { real, ours };
}
