// httpGet and tcpSocket probes from the agent's host, as the kubelet makes them from the node's
// network (pkg/probe/http/http.go, pkg/probe/tcp/tcp.go): a GET with kube-probe's User-Agent and
// `Accept: */*` that does not follow redirects, over TLS without verifying the certificate for
// HTTPS (the prober's InsecureSkipVerify), or a bare TCP connect, each within the probe's
// timeout. The answer is the status code, or the socket's error code for the kubelet to word.

import { request } from 'node:http';
import { request as requestTls } from 'node:https';
import { connect } from 'node:net';
import type { ProbeAnswer, ProbeScheme } from './protocol.ts';

/** The kubelet's prober User-Agent (pkg/probe/http/request.go): kube-probe/<major>.<minor>. */
export const PROBE_USER_AGENT = 'kube-probe/1.32';

function errorCode(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' ? code : 'EIO';
}

/** GET scheme://host:port/path; ETIMEDOUT when no status line came within the timeout. */
export function httpProbe(
  host: string,
  port: number,
  path: string,
  timeoutMs: number,
  scheme: ProbeScheme = 'HTTP',
): Promise<ProbeAnswer> {
  return new Promise((resolve) => {
    const options = {
      host,
      port,
      path,
      method: 'GET',
      headers: { 'User-Agent': PROBE_USER_AGENT, Accept: '*/*' },
      agent: false,
    } as const;
    const req =
      scheme === 'HTTPS' ? requestTls({ ...options, rejectUnauthorized: false }) : request(options);
    const timer = setTimeout(() => {
      resolve({ error: 'ETIMEDOUT' });
      req.destroy();
    }, timeoutMs);
    req.on('response', (response) => {
      clearTimeout(timer);
      resolve({ statusCode: response.statusCode ?? 0 });
      // The body is not read (the kubelet reads at most 10 KiB, for the event's text).
      response.destroy();
    });
    req.on('error', (error) => {
      clearTimeout(timer);
      resolve({ error: errorCode(error) });
    });
    req.end();
  });
}

/** A TCP connect to host:port, closed at once; ETIMEDOUT past the timeout. */
export function tcpProbe(host: string, port: number, timeoutMs: number): Promise<ProbeAnswer> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const timer = setTimeout(() => {
      resolve({ error: 'ETIMEDOUT' });
      socket.destroy();
    }, timeoutMs);
    socket.on('connect', () => {
      clearTimeout(timer);
      resolve({ connected: true });
      socket.destroy();
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      resolve({ error: errorCode(error) });
    });
  });
}
