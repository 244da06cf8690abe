import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'web',
  publicDir: '../public',
  plugins: [react()],
  resolve: {
    alias: [
      // monaco-worker-manager (inside monaco-yaml's worker) imports the pre-0.56 deep path
      // monaco-editor/esm/vs/..., which monaco-editor's exports map now sends to esm/vs/esm/vs/.
      { find: /^monaco-editor\/esm\/vs\/(.*)$/, replacement: 'monaco-editor/$1' },
    ],
  },
  // Module workers, to match `new Worker(url, { type: 'module' })`.
  worker: { format: 'es' },
  optimizeDeps: {
    // Pre-bundle Monaco and the worker entries up front: discovered late, they make the dev
    // server re-optimize and reload the page on its first visit.
    include: [
      'monaco-editor/editor',
      'monaco-editor/features/register.all',
      'monaco-editor/languages/definitions/yaml/register',
      'monaco-yaml',
      'monaco-editor/editor/editor.worker.js',
      'monaco-yaml/yaml.worker.js',
    ],
  },
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    // The lazy Monaco chunk is about 4 MB raw by nature; the warning would only be noise.
    chunkSizeWarningLimit: 5000,
    rolldownOptions: {
      // Two pages: the app, and the embeddable widget (docs/embed.md), which shares its chunks.
      input: {
        main: fileURLToPath(new URL('web/index.html', import.meta.url)),
        embed: fileURLToPath(new URL('web/embed.html', import.meta.url)),
      },
    },
  },
  server: { port: 5173 },
  preview: { port: 4173, strictPort: true },
});
