// The <k8s-playground> element (web/src/embed/element.ts, docs/embed.md) as a standalone classic
// script, dist/k8s-playground.js beside embed.html: an IIFE with no chunks and no React, so a docs
// page can load it with a plain <script src> from another origin. `npm run build` runs it second.

import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    lib: {
      entry: fileURLToPath(new URL('web/src/embed/element.ts', import.meta.url)),
      formats: ['iife'],
      name: 'K8sPlayground',
      fileName: () => 'k8s-playground.js',
    },
  },
});
