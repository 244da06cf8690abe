// ControllerRevisions as the API server serves them: data required, revision non-negative, data
// immutable, and the table kubectl prints.

import { describe, expect, it } from 'vitest';
import { expectFailure, expectOk, startApiServer } from '../testing.ts';

const PATH = '/apis/apps/v1/namespaces/default/controllerrevisions';

function revision(extra: Record<string, unknown>): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: { name: 'web-1' },
    ...extra,
  };
}

describe('controllerrevisions', () => {
  it.each([
    {
      name: 'requires data',
      body: revision({ revision: 1 }),
      message:
        'ControllerRevision.apps "web-1" is invalid: data: Required value: data is mandatory',
    },
    {
      name: 'refuses a negative revision',
      body: revision({ revision: -1, data: {} }),
      message:
        'ControllerRevision.apps "web-1" is invalid: revision: Invalid value: -1: must be greater than or equal to 0',
    },
  ])('$name', async ({ body, message }) => {
    const api = await startApiServer();
    expectFailure(await api.request('POST', PATH, { body }), 422, 'Invalid', message);
  });

  it('keeps data immutable and lets labels change', async () => {
    const api = await startApiServer();
    const created = expectOk(
      await api.request('POST', PATH, {
        body: revision({ revision: 1, data: { spec: { a: 1 } } }),
      }),
      201,
    ) as Record<string, unknown>;
    expect(created).toMatchObject({ revision: 1, data: { spec: { a: 1 } } });
    const labelled = await api.request('PATCH', `${PATH}/web-1`, {
      body: { metadata: { labels: { app: 'web' } } },
      contentType: 'application/merge-patch+json',
    });
    expectOk(labelled);
    const changed = await api.request('PATCH', `${PATH}/web-1`, {
      body: { data: { spec: { a: 2 } } },
      contentType: 'application/merge-patch+json',
    });
    expect(changed.code).toBe(422);
    expect((changed.body as { message: string }).message).toMatch(
      /^ControllerRevision\.apps "web-1" is invalid: data: Invalid value: .*: field is immutable$/,
    );
  });

  it('prints NAME, CONTROLLER, REVISION and AGE', async () => {
    const api = await startApiServer();
    const ownerReferences = [
      { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'web', uid: 'u1', controller: true },
    ];
    expectOk(
      await api.request('POST', PATH, {
        body: revision({ metadata: { name: 'web-1', ownerReferences }, revision: 3, data: {} }),
      }),
      201,
    );
    const table = expectOk(
      await api.request('GET', PATH, {
        accept: 'application/json;as=Table;v=v1;g=meta.k8s.io',
      }),
    ) as { columnDefinitions: { name: string }[]; rows: { cells: unknown[] }[] };
    expect(table.columnDefinitions.map((column) => column.name)).toEqual([
      'Name',
      'Controller',
      'Revision',
      'Age',
    ]);
    expect(table.rows.map((row) => row.cells.slice(0, 3))).toEqual([
      ['web-1', 'daemonset.apps/web', 3],
    ]);
  });
});
