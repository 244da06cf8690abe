// The manifest editor: Monaco with monaco-yaml validating, completing and describing Kubernetes
// objects against the generated schema. Load it with React.lazy; it pulls in about 1 MB gzip.
import { useEffect, useRef } from 'react';
import { monaco } from './monaco-setup.ts';
import { PendingEchoes } from './pending-echoes.ts';

export interface EditorMarker {
  line: number;
  column: number;
  message: string;
  /** YAML syntax errors are errors; schema violations are warnings. */
  severity: 'error' | 'warning';
}

export interface YamlEditorProps {
  value: string;
  onChange: (value: string) => void;
  onMarkersChange?: (markers: EditorMarker[]) => void;
  /** Ctrl/Cmd+Enter. */
  onApply?: () => void;
  theme: 'dark' | 'light';
  /** CSS height of the editor; it fills its container's width. Defaults to 100%. */
  height?: string;
}

const MONACO_THEMES = { dark: 'vs-dark', light: 'vs' } as const;

let modelCount = 0;

/** Info and hint markers are left out: nothing the YAML language server reports uses them. */
function toEditorMarker(marker: monaco.editor.IMarker): EditorMarker | undefined {
  const severity =
    marker.severity === monaco.MarkerSeverity.Error
      ? 'error'
      : marker.severity === monaco.MarkerSeverity.Warning
        ? 'warning'
        : undefined;
  if (severity === undefined) return undefined;
  const { startLineNumber: line, startColumn: column, message } = marker;
  return { line, column, message, severity };
}

export default function YamlEditor({
  value,
  onChange,
  onMarkersChange,
  onApply,
  theme,
  height = '100%',
}: YamlEditorProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor>(null);
  // The editor is created once; these let it call the latest props without being recreated.
  const callbacks = useRef({ onChange, onMarkersChange, onApply });
  const initial = useRef({ value, theme });
  const echoes = useRef(new PendingEchoes());

  useEffect(() => {
    callbacks.current = { onChange, onMarkersChange, onApply };
  });

  useEffect(() => {
    const container = containerRef.current;
    if (container === null) return;
    modelCount += 1;
    const model = monaco.editor.createModel(
      initial.current.value,
      'yaml',
      monaco.Uri.parse(`inmemory://k8s-playground/manifest-${modelCount}.yaml`),
    );
    const editor = monaco.editor.create(container, {
      model,
      theme: MONACO_THEMES[initial.current.theme],
      automaticLayout: true,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      tabSize: 2,
      fontSize: 13,
      quickSuggestions: { other: true, comments: false, strings: true },
    });
    editorRef.current = editor;

    editor.addAction({
      id: 'k8s-playground.apply',
      label: 'Apply manifest',
      keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter],
      run: () => {
        callbacks.current.onApply?.();
      },
    });
    const contentListener = model.onDidChangeContent(() => {
      const text = model.getValue();
      echoes.current.reported(text);
      callbacks.current.onChange(text);
    });
    const uri = model.uri.toString();
    const markerListener = monaco.editor.onDidChangeMarkers((resources) => {
      if (!resources.some((resource) => resource.toString() === uri)) return;
      const markers = monaco.editor.getModelMarkers({ resource: model.uri });
      callbacks.current.onMarkersChange?.(
        markers.map(toEditorMarker).filter((marker) => marker !== undefined),
      );
    });

    return () => {
      markerListener.dispose();
      contentListener.dispose();
      editor.dispose();
      model.dispose();
      editorRef.current = null;
    };
  }, []);

  // A value from outside (a scenario, a reset) replaces the text as one undoable edit; an echo
  // of the editor's own typing, however late, must not overwrite what was typed since.
  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model || echoes.current.isEcho(value) || value === model.getValue()) return;
    editorRef.current?.executeEdits('props', [{ range: model.getFullModelRange(), text: value }]);
  }, [value]);

  useEffect(() => {
    monaco.editor.setTheme(MONACO_THEMES[theme]);
  }, [theme]);

  return <div ref={containerRef} style={{ width: '100%', height }} />;
}
