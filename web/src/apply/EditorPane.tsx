// The manifest editor and its Apply button: Monaco loads lazily, the files (tabs) survive a
// reload, and the result is what kubectl apply would print.

import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { EditorTabs } from '../editor/EditorTabs.tsx';
import type { EditorMarker } from '../editor/YamlEditor.tsx';
import { applyManifest, EDITOR_STORAGE_KEY, useSession } from '../cluster/session.ts';
import { useCluster } from '../cluster/store.ts';
import { useScenario } from '../scenarios/store.ts';
import { EXAMPLES } from './examples.ts';

const YamlEditor = lazy(() => import('../editor/YamlEditor.tsx'));

export function EditorPane({ theme }: { theme: 'dark' | 'light' }) {
  const yaml = useSession((state) => state.editorText);
  const setYaml = useSession((state) => state.setEditorText);
  const [markers, setMarkers] = useState<EditorMarker[]>([]);
  const output = useSession((state) => state.output);
  const syntaxErrors = useSession((state) => state.syntaxErrors);
  const applying = useSession((state) => state.applying);
  const ready = useCluster((state) => state.boot === 'ready' && state.pastRevision === null);

  useEffect(() => {
    // A scenario's files are the link's, not the user's: their own draft stays saved.
    if (useScenario.getState().scenario) return;
    try {
      localStorage.setItem(EDITOR_STORAGE_KEY, yaml);
    } catch {
      // Storage can be full or disabled; the editor keeps working without it.
    }
  }, [yaml]);

  const apply = useCallback(() => {
    if (!ready || applying) return;
    void applyManifest(yaml);
  }, [ready, applying, yaml]);

  const errors = markers.filter((marker) => marker.severity === 'error');
  return (
    <section className="editor-pane" aria-label="Manifest editor">
      <div className="pane-toolbar">
        <label>
          Example
          <select
            aria-label="Load an example"
            value=""
            onChange={(event) => {
              const example = EXAMPLES.find((item) => item.id === event.target.value);
              if (example) setYaml(example.yaml);
            }}
          >
            <option value="" disabled>
              Load…
            </option>
            {EXAMPLES.map((example) => (
              <option key={example.id} value={example.id}>
                {example.title}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="primary"
          onClick={apply}
          disabled={!ready || applying}
          data-testid="apply"
          title="kubectl apply -f (Ctrl+Enter or Ctrl+S)"
        >
          {applying ? 'Applying…' : 'Apply'}
        </button>
      </div>
      <EditorTabs />
      <div className="editor-host" data-testid="editor">
        <Suspense fallback={<div className="editor-loading">Loading editor…</div>}>
          <YamlEditor
            value={yaml}
            onChange={setYaml}
            onMarkersChange={setMarkers}
            onApply={apply}
            theme={theme}
          />
        </Suspense>
      </div>
      <div className="apply-output" data-testid="apply-output" aria-live="polite">
        {syntaxErrors.length > 0 ? (
          <div className="line error">
            Not sent: the YAML does not parse.
            {syntaxErrors.map((error) => (
              <div key={`${error.line}:${error.column}`}>
                line {error.line}, column {error.column}: {error.message}
              </div>
            ))}
          </div>
        ) : null}
        {output.map((line, index) => (
          <pre key={index} className={`line ${line.ok ? 'ok' : 'error'}`}>
            {line.text}
          </pre>
        ))}
        {output.length === 0 && syntaxErrors.length === 0 && errors.length > 0 ? (
          <div className="line warning">
            The editor marks {errors.length} YAML error(s); Apply will refuse to send it.
          </div>
        ) : null}
      </div>
    </section>
  );
}
