import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const COMPONENTS = ['etcd', 'apiserver', 'scheduler', 'controllers', 'kubelet'];

/** Each component may import the shared libraries (api, client, host) but never another component. */
function componentBoundary(component) {
  return {
    files: [`workers/${component}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...COMPONENTS.filter((other) => other !== component).map((other) => ({
              group: [`**/${other}/*`, `**/${other}`],
              message: `Components talk through the API server, not by import: ${component} must not import ${other}.`,
            })),
            {
              group: [
                '**/web/**',
                'react',
                'react-dom',
                '@xyflow/*',
                'monaco-editor',
                'monaco-editor/*',
              ],
              message: 'workers/ has no UI.',
            },
            {
              group: ['node:*', 'fs', 'path', 'worker_threads'],
              message: 'Components also run in the browser.',
            },
          ],
        },
      ],
    },
  };
}

export default defineConfig([
  globalIgnores([
    'dist',
    'test-results',
    'playwright-report',
    'node_modules',
    'scratch',
    'web/generated',
    'workers/generated',
  ]),
  {
    files: ['**/*.{ts,tsx}'],
    extends: [
      js.configs.recommended,
      tseslint.configs.strictTypeChecked,
      tseslint.configs.stylisticTypeChecked,
      reactHooks.configs.flat.recommended,
    ],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Go's zero value is "", so `||` on strings is usually exactly what Kubernetes code means.
      '@typescript-eslint/prefer-nullish-coalescing': [
        'error',
        { ignorePrimitives: { string: true, boolean: true } },
      ],
      // Kubernetes objects are plain JSON: maps keyed by label, annotation or resource name.
      '@typescript-eslint/no-dynamic-delete': 'off',
      // Conflicts with no-non-null-assertion; `as T` on a lookup that must succeed reads better than `!`.
      '@typescript-eslint/non-nullable-type-assertion-style': 'off',
      'no-restricted-syntax': [
        'error',
        {
          selector: 'TSEnumDeclaration',
          message: 'Use a string-literal union: it matches the JSON.',
        },
      ],
    },
  },
  {
    files: ['workers/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/web/**', 'react', 'react-dom'], message: 'workers/ has no UI.' },
          ],
        },
      ],
    },
  },
  ...COMPONENTS.map(componentBoundary),
  {
    // Request bodies are untrusted JSON typed with kubernetes-types, whose "required" fields may
    // still be missing: the API server must check what the types say cannot be absent.
    files: ['workers/apiserver/**/*.ts'],
    rules: { '@typescript-eslint/no-unnecessary-condition': 'off' },
  },
  {
    // Playwright fixtures call `use`, which is not React's hook.
    files: ['e2e/**/*.ts'],
    rules: { 'react-hooks/rules-of-hooks': 'off' },
  },
  {
    // Determinism: time and randomness come from the injected Clock and Rng. Only the host's
    // wall-clock pacing (driver) and the worker plumbing may touch real time.
    files: ['workers/**/*.ts'],
    ignores: ['workers/host/driver.ts', 'workers/host/settle.ts', 'workers/**/*.test.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...['setTimeout', 'setInterval', 'setImmediate', 'performance'].map((name) => ({
          name,
          message: 'Use the virtual Clock (workers/host/clock.ts).',
        })),
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Use clock.now().' },
        {
          object: 'Math',
          property: 'random',
          message: 'Use the seeded Rng (workers/host/rng.ts).',
        },
        { object: 'globalThis', property: 'setTimeout', message: 'Use the virtual Clock.' },
        { object: 'self', property: 'setTimeout', message: 'Use the virtual Clock.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Use clock.now().',
        },
        {
          selector: 'TSEnumDeclaration',
          message: 'Use a string-literal union: it matches the JSON.',
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [js.configs.recommended, tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { ...globals.node } },
  },
  prettier,
]);
