import { describe, expect, it } from 'vitest';
import {
  closeFile,
  fileNameError,
  filesForKubectl,
  freshName,
  openFile,
  parseTabs,
  renameFile,
  selectFile,
  setContent,
  type EditorTabs,
} from './tabs.ts';

const tabs: EditorTabs = {
  files: [
    { name: 'editor.yaml', content: 'kind: Pod' },
    { name: 'web.yaml', content: 'kind: Deployment' },
  ],
  active: 'editor.yaml',
};

describe('editor tabs', () => {
  it('opens a new file under a fresh name and makes it active', () => {
    const next = openFile(tabs, { name: freshName(tabs), content: '' });
    expect(next.files.map((file) => file.name)).toEqual([
      'editor.yaml',
      'web.yaml',
      'manifest-3.yaml',
    ]);
    expect(next.active).toBe('manifest-3.yaml');
  });

  it.each([
    ['', 'A file needs a name.'],
    ['my file.yaml', 'Use a name without spaces or slashes.'],
    ['dir/x.yaml', 'Use a name without spaces or slashes.'],
    ['-', '"-" means standard input to kubectl.'],
    ['web.yaml', 'There is already a file named web.yaml.'],
    ['svc.yaml', null],
  ])('checks the name %j', (name, error) => {
    expect(fileNameError(tabs, name)).toBe(error);
  });

  it('renames a file, following it when active, and refuses a taken name', () => {
    expect(renameFile(tabs, 'editor.yaml', 'pod.yaml')).toEqual({
      files: [
        { name: 'pod.yaml', content: 'kind: Pod' },
        { name: 'web.yaml', content: 'kind: Deployment' },
      ],
      active: 'pod.yaml',
    });
    expect(renameFile(tabs, 'editor.yaml', 'web.yaml')).toBe(tabs);
  });

  it.each([
    [
      'the active file: its right neighbour becomes active',
      'editor.yaml',
      ['web.yaml'],
      'web.yaml',
    ],
    ['another file: the active one stays', 'web.yaml', ['editor.yaml'], 'editor.yaml'],
  ])('closes %s', (_case, name, files, active) => {
    const next = closeFile(tabs, name);
    expect(next.files.map((file) => file.name)).toEqual(files);
    expect(next.active).toBe(active);
  });

  it('leaves one empty file when the last is closed', () => {
    const one = closeFile(tabs, 'web.yaml');
    expect(closeFile(one, 'editor.yaml')).toEqual({
      files: [{ name: 'editor.yaml', content: '' }],
      active: 'editor.yaml',
    });
  });

  it('edits one file and selects another', () => {
    const next = selectFile(setContent(tabs, 'web.yaml', 'kind: Service'), 'web.yaml');
    expect(next.active).toBe('web.yaml');
    expect(next.files[1]).toEqual({ name: 'web.yaml', content: 'kind: Service' });
    expect(selectFile(tabs, 'nope.yaml')).toBe(tabs);
  });

  it('gives kubectl -f every file, by name and as ./name', () => {
    expect([...filesForKubectl(tabs).keys()]).toEqual([
      'editor.yaml',
      './editor.yaml',
      'web.yaml',
      './web.yaml',
    ]);
  });

  it('lets editor.yaml name the active file when no file has that name', () => {
    const renamed = selectFile(renameFile(tabs, 'editor.yaml', 'pod.yaml'), 'web.yaml');
    expect(filesForKubectl(renamed).get('editor.yaml')).toBe('kind: Deployment');
  });

  it.each([
    ['saved tabs', JSON.stringify(tabs), tabs],
    ['an unknown active file', JSON.stringify({ ...tabs, active: 'x' }), tabs],
    ['nothing saved', null, null],
    ['damaged JSON', '{"files":', null],
    ['no files', JSON.stringify({ files: [], active: '' }), null],
    ['a file without content', JSON.stringify({ files: [{ name: 'a' }], active: 'a' }), null],
    [
      'two files of one name',
      JSON.stringify({ files: [tabs.files[0], tabs.files[0]], active: '' }),
      null,
    ],
  ])('reads back %s', (_case, text, expected) => {
    expect(parseTabs(text)).toEqual(expected);
  });
});
