// The editor's tab strip: one tab per file, + for a new one, double-click (or F2) to rename,
// ✕ to close. The names are what `kubectl apply -f <name>` reads in the terminal.

import { useState } from 'react';
import { fileNameError } from './tabs.ts';
import { useEditorTabs } from './tabs-store.ts';

function RenameField({ name, onDone }: { name: string; onDone: () => void }) {
  const tabs = useEditorTabs((state) => state.tabs);
  const rename = useEditorTabs((state) => state.rename);
  const [draft, setDraft] = useState(name);
  const error = fileNameError(tabs, draft, name);
  const commit = () => {
    if (!error) rename(name, draft);
    onDone();
  };
  return (
    <input
      className={`tab-rename${error ? ' invalid' : ''}`}
      aria-label={`Rename ${name}`}
      title={error ?? 'Enter to rename, Escape to keep the name'}
      value={draft}
      // The field appears because the user asked to rename: focus is where they expect it.
      autoFocus
      size={Math.max(8, draft.length)}
      onChange={(event) => {
        setDraft(event.target.value);
      }}
      onBlur={commit}
      onKeyDown={(event) => {
        if (event.key === 'Enter') commit();
        else if (event.key === 'Escape') onDone();
      }}
    />
  );
}

export function EditorTabs() {
  const tabs = useEditorTabs((state) => state.tabs);
  const { select, close, newFile } = useEditorTabs.getState();
  const [renaming, setRenaming] = useState<string | null>(null);
  return (
    <div className="editor-tabs" role="tablist" aria-label="Editor files" data-testid="editor-tabs">
      {tabs.files.map((file) => {
        const active = file.name === tabs.active;
        return (
          <div key={file.name} className={`editor-tab${active ? ' active' : ''}`}>
            {renaming === file.name ? (
              <RenameField
                name={file.name}
                onDone={() => {
                  setRenaming(null);
                }}
              />
            ) : (
              <button
                type="button"
                role="tab"
                aria-selected={active}
                data-testid={`editor-tab-${file.name}`}
                title="Double-click or F2 to rename"
                onClick={() => {
                  select(file.name);
                }}
                onDoubleClick={() => {
                  setRenaming(file.name);
                }}
                onKeyDown={(event) => {
                  if (event.key === 'F2') setRenaming(file.name);
                }}
              >
                {file.name}
              </button>
            )}
            <button
              type="button"
              className="tab-close"
              aria-label={`Close ${file.name}`}
              onClick={() => {
                close(file.name);
              }}
            >
              ×
            </button>
          </div>
        );
      })}
      <button
        type="button"
        className="tab-new"
        aria-label="New file"
        title="New file"
        data-testid="editor-tab-new"
        onClick={newFile}
      >
        +
      </button>
    </div>
  );
}
