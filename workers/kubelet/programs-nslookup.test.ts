import { describe, expect, it } from 'vitest';
import { WEB_IP, runNetworked, testNetwork } from './programs-testing.ts';

const SERVER = 'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n';
const nxdomain = (name: string): string => `** server can't find ${name}: NXDOMAIN\n\n`;

describe('busybox nslookup in a pod', () => {
  it.each<[string, string, string, number]>([
    [
      'asks A and AAAA in every search domain for a bare name',
      'nslookup web',
      SERVER +
        `Name:\tweb.default.svc.cluster.local\nAddress: ${WEB_IP}\n\n` +
        nxdomain('web.svc.cluster.local') +
        nxdomain('web.cluster.local') +
        '\n' +
        nxdomain('web.svc.cluster.local') +
        nxdomain('web.cluster.local'),
      1,
    ],
    [
      'asks a dotted name as it is',
      'nslookup web.default.svc.cluster.local',
      SERVER + `Name:\tweb.default.svc.cluster.local\nAddress: ${WEB_IP}\n\n` + '\n',
      0,
    ],
    [
      'does not search for a dotted short name',
      'nslookup web.default',
      SERVER + nxdomain('web.default') + nxdomain('web.default'),
      1,
    ],
    [
      'keeps a trailing dot in what it cannot find',
      'nslookup nope.default.svc.cluster.local.',
      SERVER +
        nxdomain('nope.default.svc.cluster.local.') +
        nxdomain('nope.default.svc.cluster.local.'),
      1,
    ],
  ])('%s', async (_name, script, stdout, status) => {
    const run = await runNetworked(script, testNetwork());
    expect({ stdout: run.stdout, stderr: run.stderr, status: run.status }).toEqual({
      stdout,
      stderr: '',
      status,
    });
  });

  it('reports no servers after its 5 s when the pod has no network', async () => {
    const run = await runNetworked('nslookup web', undefined);
    expect({ stdout: run.stdout, status: run.status, elapsed: run.elapsed }).toEqual({
      stdout: ';; connection timed out; no servers could be reached\n\n',
      status: 1,
      elapsed: 5000,
    });
  });
});
