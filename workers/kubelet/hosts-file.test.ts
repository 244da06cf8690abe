import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { managedHostsFile } from './hosts-file.ts';

const HEADER = [
  '# Kubernetes-managed hosts file.',
  '127.0.0.1\tlocalhost',
  '::1\tlocalhost ip6-localhost ip6-loopback',
  'fe00::0\tip6-localnet',
  'fe00::0\tip6-mcastprefix',
  'fe00::1\tip6-allnodes',
  'fe00::2\tip6-allrouters',
];

const pod = (spec: Partial<NonNullable<Pod['spec']>>): Pod => ({
  metadata: { name: 'web-0', namespace: 'shop' },
  spec: { containers: [], ...spec },
});

describe('managedHostsFile', () => {
  it.each<[string, Pod, string[]]>([
    ['names the pod by its name', pod({}), ['10.244.1.2\tweb-0']],
    ['prefers spec.hostname', pod({ hostname: 'db' }), ['10.244.1.2\tdb']],
    [
      'qualifies the hostname with a subdomain',
      pod({ subdomain: 'web' }),
      ['10.244.1.2\tweb-0.web.shop.svc.cluster.local\tweb-0'],
    ],
    [
      'appends host aliases',
      pod({ hostAliases: [{ ip: '10.1.2.3', hostnames: ['foo.local', 'bar.local'] }] }),
      [
        '10.244.1.2\tweb-0',
        '',
        '# Entries added by HostAliases.',
        '10.1.2.3\tfoo.local\tbar.local',
      ],
    ],
  ])('%s', (_name, spec, tail) => {
    expect(managedHostsFile(spec, '10.244.1.2')).toBe(`${[...HEADER, ...tail].join('\n')}\n`);
  });
});
