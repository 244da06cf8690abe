import type { Pod } from 'kubernetes-types/core/v1';
import { beforeAll, describe, expect, it } from 'vitest';
import { readyCluster, type ReadyCluster } from '../host/cluster-testing.ts';
import { Discovery } from './discovery.ts';
import { runKubectl } from './kubectl.ts';

let c: ReadyCluster;

beforeAll(async () => {
  c = await readyCluster('kubectl-streams', 1);
  await c.host.kubectlDo((client) =>
    client.resource({ group: '', version: 'v1', resource: 'pods' }, 'default').create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'printer' },
      spec: {
        containers: [
          {
            name: 'main',
            image: 'busybox',
            command: ['sh', '-c', 'echo one; echo two; sleep 3600'],
          },
        ],
      },
    } as Pod),
  );
  const running = await c.host.runUntil(
    () =>
      (c.objects.get('/registry/pods/default/printer') as Pod | undefined)?.status?.phase ===
      'Running',
    60_000,
  );
  expect(running).toBe(true);
}, 120_000);

/** The UI's kubectl component runs the command, as the terminal does. */
function run(
  args: string[],
  stopWhen?: RegExp,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const controller = new AbortController();
  let stdout = '';
  let stderr = '';
  return c.host.kubectlDo(async (client) => {
    const code = await runKubectl(
      args,
      {
        stdout: (text) => {
          stdout += text;
          if (stopWhen?.test(stdout)) controller.abort();
        },
        stderr: (text) => (stderr += text),
        signal: controller.signal,
      },
      client,
      new Discovery(client),
      { now: () => 0 },
    );
    return { code, stdout, stderr };
  });
}

describe('the UI kubectl component streams', () => {
  it.each<[string[], RegExp | undefined, { code: number; stdout: string; stderr: string }]>([
    [['logs', '-f', 'printer'], /two\n/, { code: 0, stdout: 'one\ntwo\n', stderr: '' }],
    [
      ['exec', 'printer', '--', 'sh', '-c', 'echo hi; exit 3'],
      undefined,
      { code: 3, stdout: 'hi\n', stderr: 'command terminated with exit code 3\n' },
    ],
  ])('kubectl %j', async (args, stopWhen, result) => {
    expect(await run(args, stopWhen)).toEqual(result);
  });
});
