// The HTTPS listener in front of a headless cluster, shared by `npm run cluster`, the tests and
// the benchmarks: fresh certificates, loopback only, the API handler and its upgrades (exec).

import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { HeadlessCluster } from './headless-cluster.ts';
import { apiHandler } from './http-front.ts';
import { upgradeHandler } from './http-upgrade.ts';
import { createClusterPki } from './pki.ts';

export interface ServedApi {
  server: Server;
  /** `https://127.0.0.1:<port>` */
  url: string;
  caCert: string;
  close(): void;
}

/** Listens on 127.0.0.1:`port` (0 picks a free port); rejects with the listen error (EADDRINUSE). */
export function serveApi(cluster: HeadlessCluster, port: number): Promise<ServedApi> {
  const pki = createClusterPki();
  const server = createServer(
    { cert: pki.serverCert, key: pki.serverKey },
    apiHandler(cluster.gateway),
  );
  server.on('upgrade', upgradeHandler(cluster.gateway));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve({
        server,
        url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
        caCert: pki.caCert,
        close() {
          server.closeAllConnections();
          server.close();
        },
      });
    });
  });
}
