import { describe, expect, it } from 'vitest';
import { alignColumns } from './tabwriter.ts';
import { labelHeaders, tableText, type Table, type TablePrintOptions } from './table-printer.ts';

const PODS: Table = {
  columnDefinitions: [
    { name: 'Name', type: 'string', format: 'name' },
    { name: 'Status', type: 'string' },
    { name: 'IP', type: 'string', priority: 1 },
  ],
  rows: [
    {
      cells: ['web', 'Running', '10.0.0.1'],
      object: { metadata: { namespace: 'default', labels: { app: 'web', tier: 'front' } } },
    },
    { cells: ['db', 'Pending', '<none>'], object: { metadata: { namespace: 'data' } } },
  ],
};

describe('tableText', () => {
  it.each<[string, TablePrintOptions, string]>([
    ['the narrow columns', {}, 'NAME   STATUS\nweb    Running\ndb     Pending\n'],
    [
      '-o wide',
      { wide: true },
      'NAME   STATUS    IP\nweb    Running   10.0.0.1\ndb     Pending   <none>\n',
    ],
    [
      '-A',
      { withNamespace: true },
      'NAMESPACE   NAME   STATUS\ndefault     web    Running\ndata        db     Pending\n',
    ],
    [
      '--show-labels',
      { showLabels: true },
      'NAME   STATUS    LABELS\nweb    Running   app=web,tier=front\ndb     Pending   <none>\n',
    ],
    [
      '-L',
      { columnLabels: ['app', 'example.com/tier'] },
      'NAME   STATUS    APP   TIER\nweb    Running   web   \ndb     Pending         \n',
    ],
    [
      'several kinds',
      { kind: 'deployment.apps' },
      'NAME                  STATUS\ndeployment.apps/web   Running\ndeployment.apps/db    Pending\n',
    ],
    ['--no-headers', { noHeaders: true }, 'web   Running\ndb    Pending\n'],
  ])('prints %s', (_name, options, text) => {
    expect(alignColumns(tableText(PODS, options))).toBe(text);
  });

  it('prints nothing, not even headers, for no rows', () => {
    expect(tableText({ ...PODS, rows: [] }, {})).toBe('');
  });

  it('prefixes watch events', () => {
    expect(alignColumns(tableText(PODS, {}, 'MODIFIED'))).toBe(
      'EVENT      NAME   STATUS\nMODIFIED   web    Running\nMODIFIED   db     Pending\n',
    );
  });

  it('heads label columns with the last segment of the key', () => {
    expect(labelHeaders(['app.kubernetes.io/name', 'tier'])).toEqual(['NAME', 'TIER']);
  });
});
