// monaco-yaml's language server worker; Vite cannot bundle a bare specifier inside new URL().
import 'monaco-yaml/yaml.worker.js';
