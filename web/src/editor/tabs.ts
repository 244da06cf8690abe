// The editor's files as tabs: several manifests, one active, each a name the terminal's
// `kubectl apply -f <name>` can read. Plain serialisable data with pure operations; the store
// saves it through a small load/save seam (localStorage for now; IndexedDB persistence may
// take the seam over).

export interface EditorFile {
  name: string;
  content: string;
}

export interface EditorTabs {
  files: EditorFile[];
  active: string;
}

export const DEFAULT_FILE = 'editor.yaml';

/** Why a file name is refused, or null when it is fine. */
export function fileNameError(tabs: EditorTabs, name: string, renaming?: string): string | null {
  if (name.trim() === '') return 'A file needs a name.';
  if (name !== name.trim() || /[\s/\\]/.test(name)) return 'Use a name without spaces or slashes.';
  if (name === '-') return '"-" means standard input to kubectl.';
  if (name !== renaming && tabs.files.some((file) => file.name === name))
    return `There is already a file named ${name}.`;
  return null;
}

/** `manifest-2.yaml`, the first such name not taken. */
export function freshName(tabs: EditorTabs): string {
  for (let index = tabs.files.length + 1; ; index++) {
    const name = `manifest-${String(index)}.yaml`;
    if (!tabs.files.some((file) => file.name === name)) return name;
  }
}

export function activeFile(tabs: EditorTabs): EditorFile {
  return (
    tabs.files.find((file) => file.name === tabs.active) ??
    tabs.files[0] ?? {
      name: DEFAULT_FILE,
      content: '',
    }
  );
}

export function openFile(tabs: EditorTabs, file: EditorFile): EditorTabs {
  if (fileNameError(tabs, file.name)) return tabs;
  return { files: [...tabs.files, file], active: file.name };
}

export function selectFile(tabs: EditorTabs, name: string): EditorTabs {
  return tabs.files.some((file) => file.name === name) ? { ...tabs, active: name } : tabs;
}

export function renameFile(tabs: EditorTabs, from: string, to: string): EditorTabs {
  if (fileNameError(tabs, to, from) || !tabs.files.some((file) => file.name === from)) return tabs;
  return {
    files: tabs.files.map((file) => (file.name === from ? { ...file, name: to } : file)),
    active: tabs.active === from ? to : tabs.active,
  };
}

/** Closing the last file leaves one empty file: the editor always has somewhere to type. */
export function closeFile(tabs: EditorTabs, name: string): EditorTabs {
  const index = tabs.files.findIndex((file) => file.name === name);
  if (index === -1) return tabs;
  const files = tabs.files.filter((file) => file.name !== name);
  if (files.length === 0)
    return { files: [{ name: DEFAULT_FILE, content: '' }], active: DEFAULT_FILE };
  const neighbour = files[Math.min(index, files.length - 1)];
  return { files, active: tabs.active === name ? (neighbour?.name ?? DEFAULT_FILE) : tabs.active };
}

export function setContent(tabs: EditorTabs, name: string, content: string): EditorTabs {
  return {
    ...tabs,
    files: tabs.files.map((file) => (file.name === name ? { ...file, content } : file)),
  };
}

/**
 * The files `kubectl -f` can name: each by its name and as `./name`; `editor.yaml`, the name the
 * terminal's help and older links use, is the active file unless a file has that name.
 */
export function filesForKubectl(tabs: EditorTabs): Map<string, string> {
  const files = new Map<string, string>();
  for (const file of tabs.files) {
    files.set(file.name, file.content);
    files.set(`./${file.name}`, file.content);
  }
  if (!files.has(DEFAULT_FILE)) files.set(DEFAULT_FILE, activeFile(tabs).content);
  return files;
}

function isEditorFile(value: unknown): value is EditorFile {
  if (typeof value !== 'object' || value === null) return false;
  const { name, content } = value as Record<string, unknown>;
  return typeof name === 'string' && typeof content === 'string';
}

/** Reads saved tabs back, or null when what was saved is not tabs (or is damaged). */
export function parseTabs(text: string | null): EditorTabs | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as Partial<EditorTabs>;
    if (!Array.isArray(value.files) || !value.files.every(isEditorFile) || value.files.length === 0)
      return null;
    const names = new Set(value.files.map((file) => file.name));
    if (names.size !== value.files.length) return null;
    const active = typeof value.active === 'string' && names.has(value.active) ? value.active : '';
    return { files: value.files, active: active || (value.files[0]?.name ?? DEFAULT_FILE) };
  } catch {
    return null;
  }
}
