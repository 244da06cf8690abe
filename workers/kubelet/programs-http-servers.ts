// What the catalog's web servers answer a request from a pod and what they log for it: nginx
// 1.27.3's default site (its welcome page, its 404 page, the `main` access log format to stdout,
// a failed open() to the error log on stderr) and httpd 2.4.62's "It works!" (the image's
// `CustomLog /proc/self/fd/1 common`). Probes reach the same listeners but are not logged here.

import type { HttpRequest, HttpResponse } from '../client/protocol.ts';
import type { Listener, ProcessIO } from './process.ts';
import { strftime } from './shell-builtins.ts';
import { NGINX_WELCOME } from './simulated-request.ts';

const NGINX = 'nginx/1.27.3';
/** The welcome page's mtime in the nginx:1.27.3 image (its ETag is `"6745ef54-267"`). */
const NGINX_INDEX_MTIME_MS = 0x6745ef54 * 1000;
const NGINX_PAGES = new Set(['/', '/index.html']);
const NGINX_404 =
  '<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n' +
  '<center><h1>404 Not Found</h1></center>\r\n' +
  `<hr><center>${NGINX}</center>\r\n</body>\r\n</html>\r\n`;

const HTTPD = 'Apache/2.4.62 (Unix)';
/** htdocs/index.html's mtime, unchanged since httpd 2.2 (ETag `"2d-432a5e4a73a80"`). */
const HTTPD_INDEX_MTIME_MS = Date.UTC(2007, 5, 11, 18, 53, 14);
const HTTPD_WORKS = '<html><body><h1>It works!</h1></body></html>\n';
const HTTPD_404 = `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">
<html><head>
<title>404 Not Found</title>
</head><body>
<h1>Not Found</h1>
<p>The requested URL was not found on this server.</p>
</body></html>
`;

/** RFC 7231's IMF-fixdate, as both servers write Date and Last-Modified. */
export function httpDate(ms: number): string {
  return strftime('%a, %d %b %Y %H:%M:%S GMT', ms);
}

/** `$time_local` / `%t`: `25/Nov/2026:19:05:00 +0000`. */
function logTime(ms: number): string {
  return strftime('%d/%b/%Y:%H:%M:%S +0000', ms);
}

function requestLine(request: HttpRequest): string {
  return `${request.method} ${request.path} HTTP/1.1`;
}

/** A HEAD answer carries the GET answer's headers and no body. */
function forMethod(request: HttpRequest, response: HttpResponse): HttpResponse {
  return request.method === 'HEAD' ? { ...response, body: '' } : response;
}

/** nginx's default server on port 80, as the image configures it. */
export function nginxSite(io: ProcessIO, workerPid: number): Listener {
  let connections = 0;
  return {
    protocol: 'http',
    status: (path) => (NGINX_PAGES.has(path) || path === '/50x.html' ? 200 : 404),
    respond(request, client) {
      const now = io.now();
      const connection = ++connections;
      const found = NGINX_PAGES.has(request.path);
      const body = found ? NGINX_WELCOME : NGINX_404;
      const headers: [string, string][] = [
        ['Server', NGINX],
        ['Date', httpDate(now)],
        ['Content-Type', 'text/html'],
        ['Content-Length', String(body.length)],
      ];
      if (found) headers.push(['Last-Modified', httpDate(NGINX_INDEX_MTIME_MS)]);
      headers.push(['Connection', request.close ? 'close' : 'keep-alive']);
      if (found)
        headers.push(
          ['ETag', `"${(NGINX_INDEX_MTIME_MS / 1000).toString(16)}-${body.length.toString(16)}"`],
          ['Accept-Ranges', 'bytes'],
        );
      if (!found)
        io.stderr(
          `${strftime('%Y/%m/%d %H:%M:%S', now)} [error] ${String(workerPid)}#${String(workerPid)}: *${String(connection)} open() "/usr/share/nginx/html${request.path}" failed (2: No such file or directory), client: ${client}, server: localhost, request: "${requestLine(request)}", host: "${request.host}"\n`,
        );
      const response = forMethod(request, {
        status: found ? 200 : 404,
        reason: found ? 'OK' : 'Not Found',
        headers,
        body,
      });
      io.stdout(
        `${client} - - [${logTime(now)}] "${requestLine(request)}" ${String(response.status)} ${String(response.body.length)} "-" "${request.userAgent}" "-"\n`,
      );
      return response;
    },
  };
}

/** httpd's htdocs on port 80, as the image configures it. */
export function httpdSite(io: ProcessIO): Listener {
  const pages = new Set(['/', '/index.html']);
  return {
    protocol: 'http',
    status: (path) => (pages.has(path) ? 200 : 404),
    respond(request, client) {
      const now = io.now();
      const found = pages.has(request.path);
      const body = found ? HTTPD_WORKS : HTTPD_404;
      const headers: [string, string][] = [
        ['Date', httpDate(now)],
        ['Server', HTTPD],
      ];
      if (found)
        headers.push(
          ['Last-Modified', httpDate(HTTPD_INDEX_MTIME_MS)],
          ['ETag', '"2d-432a5e4a73a80"'],
          ['Accept-Ranges', 'bytes'],
        );
      headers.push(['Content-Length', String(body.length)]);
      if (request.close) headers.push(['Connection', 'close']);
      headers.push(['Content-Type', found ? 'text/html' : 'text/html; charset=iso-8859-1']);
      const response = forMethod(request, {
        status: found ? 200 : 404,
        reason: found ? 'OK' : 'Not Found',
        headers,
        body,
      });
      // %b is "-" for no body bytes.
      const bytes = response.body.length === 0 ? '-' : String(response.body.length);
      io.stdout(
        `${client} - - [${logTime(now)}] "${requestLine(request)}" ${String(response.status)} ${bytes}\n`,
      );
      return response;
    },
  };
}

const PHP_APACHE = 'Apache/2.4.10 (Debian)';
const PHP_PAGES = new Set(['/', '/index.php']);

/** The response as it goes on the wire, for Apache's %O (bytes sent, headers included). */
function wireBytes(response: HttpResponse): number {
  const head = response.headers.map(([name, value]) => `${name}: ${value}\r\n`).join('');
  return (
    `HTTP/1.1 ${String(response.status)} ${response.reason}\r\n${head}\r\n`.length +
    response.body.length
  );
}

/**
 * The HPA walkthrough's php-apache: index.php burns CPU (the usage model charges it per request
 * served) and answers "OK!"; the php:5-apache image logs each request in the combined format to
 * stdout.
 */
export function phpApacheSite(io: ProcessIO): Listener {
  return {
    protocol: 'http',
    status: (path) => (PHP_PAGES.has(path) ? 200 : 404),
    respond(request, client) {
      const now = io.now();
      const found = PHP_PAGES.has(request.path);
      const body = found ? 'OK!' : HTTPD_404;
      const headers: [string, string][] = [
        ['Date', httpDate(now)],
        ['Server', PHP_APACHE],
      ];
      if (found) headers.push(['X-Powered-By', 'PHP/5.6.14']);
      headers.push(['Content-Length', String(body.length)]);
      if (request.close) headers.push(['Connection', 'close']);
      headers.push(['Content-Type', found ? 'text/html' : 'text/html; charset=iso-8859-1']);
      const response = forMethod(request, {
        status: found ? 200 : 404,
        reason: found ? 'OK' : 'Not Found',
        headers,
        body,
      });
      io.stdout(
        `${client} - - [${logTime(now)}] "${requestLine(request)}" ${String(response.status)} ${String(wireBytes(response))} "-" "${request.userAgent}"\n`,
      );
      return response;
    },
  };
}
