// Monaco's editor worker, bundled by Vite through this local entry (see monaco-setup.ts).
import 'monaco-editor/editor/editor.worker.js';
