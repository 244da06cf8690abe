// `kubectl exec` through the whole cluster in one thread, opened through the external gateway as
// the HTTP front opens it: the API server upgrades, asks the pod's kubelet, and the command's
// input and output travel as stream hops the trace shows, both ways.

import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { POD_TYPE } from '../client/client.ts';
import type { StreamChannel } from '../client/protocol.ts';
import { readyCluster } from './cluster-testing.ts';
import { ADMIN_USER } from './kubectl-actor.ts';

describe('pod exec in a running cluster', () => {
  it('runs a command in the pod’s container, its stdin and output hops the trace shows', async () => {
    const c = await readyCluster('pod-exec', 1);
    await c.host.kubectlDo((client) =>
      client.resource<Pod>(POD_TYPE, 'default').create({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'web' },
        spec: { containers: [{ name: 'web', image: 'busybox', command: ['sleep', '3600'] }] },
      }),
    );
    const pod = (): Pod | undefined => c.objects.get('/registry/pods/default/web') as Pod;
    expect(await c.host.runUntil(() => pod()?.status?.phase === 'Running', 60_000)).toBe(true);
    const hostIP = pod()?.status?.hostIP ?? '';
    const kubelet = `kubelet/${pod()?.spec?.nodeName ?? ''}`;

    const received: string[] = [];
    let ended = false;
    const connection = c.host
      .gateway(() => undefined)
      .stream(
        {
          verb: 'GET',
          path: '/api/v1/namespaces/default/pods/web/exec',
          query: { command: 'sh', stdin: 'true', stdout: 'true', stderr: 'true' },
          headers: {
            connection: ['Upgrade'],
            upgrade: ['websocket'],
            'sec-websocket-protocol': ['v5.channel.k8s.io'],
          },
          user: ADMIN_USER,
        },
        {
          onStart: (response) => received.push(`head:${String(response.code)}`),
          onData: (chunk, channel?: StreamChannel) => received.push(`${channel ?? ''}:${chunk}`),
          onEnd: () => (ended = true),
        },
      );
    connection.write('echo $HOSTNAME\n', 'stdin');
    connection.write('exit 5\n', 'stdin');
    expect(await c.host.runUntil(() => ended, 10_000)).toBe(true);
    expect(received).toEqual([
      'head:101',
      'stdout:',
      'stdout:web\n',
      'error:{"metadata":{},"status":"Failure","message":"command terminated with non-zero exit code: command terminated with exit code 5","reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"5"}]}}',
    ]);

    const hop = c.traces.find((trace) => trace.label === 'POST exec');
    expect(hop).toMatchObject({
      from: 'kube-apiserver',
      to: kubelet,
      kind: 'request',
      ref: 'pods/default/web',
      path: `https://${hostIP}:10250/exec/default/web/web?command=sh&error=1&input=1&output=1`,
    });
    const hops = c.traces
      .filter((trace) => trace.kind === 'stream' || trace.label.startsWith('101'))
      .map((trace) => `${trace.from} → ${trace.to}: ${trace.label}`.replace(kubelet, 'kubelet'));
    expect(hops).toEqual([
      'kubectl → kube-apiserver: stdin 1 line',
      'kubectl → kube-apiserver: stdin 1 line',
      'kube-apiserver → kubelet: stdin 1 line',
      'kube-apiserver → kubelet: stdin 1 line',
      'kube-apiserver → kubectl: 101 SwitchingProtocols',
      'kube-apiserver → kubectl: stdout 0 lines',
      'kubelet → kube-apiserver: 101 SwitchingProtocols',
      'kubelet → kube-apiserver: stdout 1 line',
      'kubelet → kube-apiserver: exec status',
      'kubelet → kube-apiserver: stream closed',
      'kube-apiserver → kubectl: stdout 1 line',
      'kube-apiserver → kubectl: exec status',
      'kube-apiserver → kubectl: stream closed',
    ]);
  });
});
