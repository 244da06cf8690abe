// The kubeconfig `npm run cluster` writes: one cluster (its CA), one user with a bearer token,
// one context, named as kubeadm names its admin.conf entries.

import { stringify } from 'yaml';

export const CLUSTER_NAME = 'playground';
export const ADMIN_NAME = 'kubernetes-admin';

export function kubeconfig(server: string, caCert: string, token: string): string {
  const context = `${ADMIN_NAME}@${CLUSTER_NAME}`;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: CLUSTER_NAME,
        cluster: { 'certificate-authority-data': Buffer.from(caCert).toString('base64'), server },
      },
    ],
    users: [{ name: ADMIN_NAME, user: { token } }],
    contexts: [{ name: context, context: { cluster: CLUSTER_NAME, user: ADMIN_NAME } }],
    'current-context': context,
    preferences: {},
  });
}
