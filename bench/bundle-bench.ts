// The bundle budget (issue 8: initial JS ≤ 170 KB gzip, Monaco and xterm lazy): per HTML page the
// JS it loads up front (module script and modulepreloads), gzipped; then standalone scripts (the
// <k8s-playground> element), lazy chunks and Web Workers. Needs `npm run build` first.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const DIST = 'dist';
const BUDGET_KB = 170;

function kb(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} KB`;
}

function gzipBytes(file: string): number {
  return gzipSync(readFileSync(join(DIST, file))).length;
}

/** The JS a page fetches before it runs: its `<script src>`s (from the build) and modulepreloads. */
export function initialScripts(html: string): string[] {
  const found = new Set<string>();
  for (const match of html.matchAll(/<script[^>]*\bsrc="\/?([^":]+\.js)"/g))
    found.add(match[1] ?? '');
  for (const match of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="\/([^"]+\.js)"/g))
    found.add(match[1] ?? '');
  found.delete('');
  return [...found];
}

export function benchBundle(): Promise<string[]> {
  if (!existsSync(join(DIST, 'index.html')))
    return Promise.resolve(['bundle: skipped, run `npm run build` first']);
  const lines: string[] = [];
  const initial = new Set<string>();
  for (const page of readdirSync(DIST).filter((name) => name.endsWith('.html'))) {
    const scripts = initialScripts(readFileSync(join(DIST, page), 'utf8'));
    const total = scripts.reduce((sum, file) => sum + gzipBytes(file), 0);
    for (const file of scripts) initial.add(file);
    const verdict = total <= BUDGET_KB * 1000 ? 'within' : 'OVER';
    lines.push(
      `bundle: ${page} initial JS ${kb(total)} gzip (${verdict} the ${BUDGET_KB} KB budget): ${scripts.join(', ')}`,
    );
  }
  for (const script of readdirSync(DIST).filter((name) => name.endsWith('.js')))
    lines.push(`bundle: standalone ${script} ${kb(gzipBytes(script))} gzip`);
  const rest = readdirSync(join(DIST, 'assets'))
    .filter((name) => name.endsWith('.js') && !initial.has(`assets/${name}`))
    .map((name) => ({ name, gzip: gzipBytes(`assets/${name}`) }))
    .sort((a, b) => b.gzip - a.gzip);
  for (const chunk of rest) {
    const kind = /worker[.-]/.test(chunk.name) ? 'worker' : 'lazy';
    lines.push(`bundle: ${kind} ${chunk.name} ${kb(chunk.gzip)} gzip`);
  }
  return Promise.resolve(lines);
}
