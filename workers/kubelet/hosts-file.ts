// The /etc/hosts the kubelet writes for a pod's containers (kubelet_pods.go
// managedHostsFileContent): localhost and the IPv6 names, then the pod's IP with its hostname,
// fully qualified when the pod has a subdomain, then spec.hostAliases.

import type { Pod } from 'kubernetes-types/core/v1';

const CLUSTER_DOMAIN = 'cluster.local';

export function managedHostsFile(pod: Pod, podIP: string): string {
  const spec = pod.spec;
  const hostname = (spec?.hostname ?? pod.metadata?.name ?? '').slice(0, 63);
  const subdomain = spec?.subdomain ?? '';
  const lines = [
    '# Kubernetes-managed hosts file.',
    '127.0.0.1\tlocalhost',
    '::1\tlocalhost ip6-localhost ip6-loopback',
    'fe00::0\tip6-localnet',
    'fe00::0\tip6-mcastprefix',
    'fe00::1\tip6-allnodes',
    'fe00::2\tip6-allrouters',
    subdomain
      ? `${podIP}\t${hostname}.${subdomain}.${pod.metadata?.namespace ?? ''}.svc.${CLUSTER_DOMAIN}\t${hostname}`
      : `${podIP}\t${hostname}`,
  ];
  const aliases = (spec?.hostAliases ?? []).map(
    (alias) => `${alias.ip ?? ''}\t${(alias.hostnames ?? []).join('\t')}`,
  );
  if (aliases.length > 0) lines.push('', '# Entries added by HostAliases.', ...aliases);
  return `${lines.join('\n')}\n`;
}
