import type { StatefulSet } from 'kubernetes-types/apps/v1';
import { describe, expect, it } from 'vitest';
import { expectFailure, expectOk } from '../testing.ts';
import { MERGE_PATCH, workloadFixture } from './workload-fixture.ts';

const STATEFULSETS = '/apis/apps/v1/namespaces/default/statefulsets';
const WEB = `${STATEFULSETS}/web`;

const BASE = {
  metadata: { name: 'web' },
  spec: {
    serviceName: 'web',
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
    },
    volumeClaimTemplates: [
      {
        metadata: { name: 'www' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
      },
    ],
  },
};

const fixture = workloadFixture<StatefulSet>(STATEFULSETS, BASE);

describe('StatefulSet defaults', () => {
  it('defaults the policies, the claim templates and an empty status with its required counters', async () => {
    const created = await fixture.create();
    expect(created.metadata?.generation).toBe(1);
    expect(created.status).toEqual({ replicas: 0, availableReplicas: 0 });
    expect(created.spec).toMatchObject({
      replicas: 1,
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      revisionHistoryLimit: 10,
    });
    expect(created.spec?.volumeClaimTemplates).toEqual([
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'www', creationTimestamp: null },
        spec: {
          accessModes: ['ReadWriteOnce'],
          resources: { requests: { storage: '1Gi' } },
          volumeMode: 'Filesystem',
        },
        status: { phase: 'Pending' },
      },
    ]);
  });

  it.each([
    ['OnDelete gets no rolling update', { type: 'OnDelete' }, { type: 'OnDelete' }],
    [
      'a rolling update gets partition 0',
      { type: 'RollingUpdate', rollingUpdate: {} },
      { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
    ],
  ])('defaults the update strategy: %s', async (_case, updateStrategy, expected) => {
    const created = await fixture.create({ spec: { updateStrategy } });
    expect(created.spec?.updateStrategy).toEqual(expected);
  });
});

describe('StatefulSet validation', () => {
  it.each([
    [
      'a name that is no DNS label',
      { metadata: { name: 'web.v1' } },
      'StatefulSet.apps "web.v1" is invalid: metadata.name: Invalid value: "web.v1": must not contain dots',
    ],
    [
      'an unknown pod management policy',
      { spec: { podManagementPolicy: 'Random' } },
      'StatefulSet.apps "web" is invalid: spec.podManagementPolicy: Invalid value: "Random": must be \'OrderedReady\' or \'Parallel\'',
    ],
    [
      'an unknown update strategy',
      { spec: { updateStrategy: { type: 'Canary' } } },
      'StatefulSet.apps "web" is invalid: spec.updateStrategy: Invalid value: apps.StatefulSetUpdateStrategy{Type:"Canary", RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(nil)}: must be \'RollingUpdate\' or \'OnDelete\'',
    ],
    [
      'OnDelete with a rolling update',
      { spec: { updateStrategy: { type: 'OnDelete', rollingUpdate: { partition: 2 } } } },
      'StatefulSet.apps "web" is invalid: spec.updateStrategy.rollingUpdate: Invalid value: apps.RollingUpdateStatefulSetStrategy{Partition:2, MaxUnavailable:(*intstr.IntOrString)(nil)}: only allowed for updateStrategy \'RollingUpdate\'',
    ],
    [
      'a negative partition',
      { spec: { updateStrategy: { rollingUpdate: { partition: -1 } } } },
      'StatefulSet.apps "web" is invalid: spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0',
    ],
    [
      'an unknown claim retention',
      { spec: { persistentVolumeClaimRetentionPolicy: { whenScaled: 'Keep' } } },
      'StatefulSet.apps "web" is invalid: spec.persistentVolumeClaimRetentionPolicy.whenScaled: Unsupported value: "Keep": supported values: "Retain", "Delete"',
    ],
    [
      'a negative start ordinal',
      { spec: { ordinals: { start: -1 } } },
      'StatefulSet.apps "web" is invalid: spec.ordinals.start: Invalid value: -1: must be greater than or equal to 0',
    ],
    [
      'an empty selector',
      { spec: { selector: { matchLabels: null } } },
      'StatefulSet.apps "web" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for statefulset',
    ],
    [
      'template labels that do not match',
      { spec: { template: { metadata: { labels: { app: 'api' } } } } },
      'StatefulSet.apps "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"api"}: `selector` does not match template `labels`',
    ],
    [
      'a template restartPolicy other than Always',
      { spec: { template: { spec: { restartPolicy: 'OnFailure' } } } },
      'StatefulSet.apps "web" is invalid: spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"',
    ],
    [
      'activeDeadlineSeconds in the template',
      { spec: { template: { spec: { activeDeadlineSeconds: 5 } } } },
      'StatefulSet.apps "web" is invalid: spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in StatefulSet is not Supported',
    ],
  ])('refuses %s', async (_case, patch, message) => {
    expectFailure(
      await fixture.api.request('POST', STATEFULSETS, { body: fixture.manifest(patch) }),
      422,
      'Invalid',
      message,
    );
  });

  it('leaves the template pod spec unvalidated, as 1.32 does', async () => {
    const created = await fixture.create({
      spec: { template: { spec: { containers: [{ name: 'nginx' }] } } },
    });
    expect(created.spec?.template.spec?.containers[0]?.image).toBeUndefined();
  });
});

describe('StatefulSet updates', () => {
  it.each([
    ['replicas', { replicas: 3 }],
    [
      'the template',
      { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.28' }] } } },
    ],
    ['the update strategy', { updateStrategy: { type: 'OnDelete', rollingUpdate: null } }],
    ['minReadySeconds', { minReadySeconds: 10 }],
    ['the ordinals', { ordinals: { start: 1 } }],
    ['the claim retention', { persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete' } }],
  ])('lets %s change and bumps the generation', async (_case, spec) => {
    await fixture.create();
    const updated = expectOk(
      await fixture.api.request('PATCH', WEB, { body: { spec }, contentType: MERGE_PATCH }),
    ) as StatefulSet;
    expect(updated.metadata?.generation).toBe(2);
  });

  it.each([
    ['the service name', { serviceName: 'other' }],
    ['the selector', { selector: { matchLabels: { app: 'web', tier: 'a' } } }],
    ['the claim templates', { volumeClaimTemplates: null }],
    ['the pod management policy', { podManagementPolicy: 'Parallel' }],
  ])('refuses a change of %s', async (_case, spec) => {
    await fixture.create();
    const status = expectFailure(
      await fixture.api.request('PATCH', WEB, { body: { spec }, contentType: MERGE_PATCH }),
      422,
      'Invalid',
      expect.stringContaining(
        "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
      ) as string,
    );
    expect(status.details?.causes).toContainEqual({
      reason: 'FieldValueForbidden',
      message:
        "Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
      field: 'spec',
    });
  });

  it.each([
    [
      'more current than existing replicas',
      { replicas: 1, readyReplicas: 1, availableReplicas: 1, currentReplicas: 2 },
      'status.currentReplicas: Invalid value: 2: cannot be greater than status.replicas',
    ],
    [
      'more available than ready replicas',
      { replicas: 2, readyReplicas: 1, availableReplicas: 2 },
      'status.availableReplicas: Invalid value: 2: cannot be greater than status.readyReplicas',
    ],
  ])('refuses a status with %s', async (_case, status, detail) => {
    await fixture.create();
    expectFailure(
      await fixture.api.request('PATCH', `${WEB}/status`, {
        body: { status },
        contentType: MERGE_PATCH,
      }),
      422,
      'Invalid',
      `StatefulSet.apps "web" is invalid: ${detail}`,
    );
  });

  it('keeps the spec on the status subresource and fills the counters Go always encodes', async () => {
    await fixture.create();
    const updated = expectOk(
      await fixture.api.request('PUT', `${WEB}/status`, {
        body: { ...fixture.manifest({ spec: { replicas: 4 } }), status: { observedGeneration: 1 } },
      }),
    ) as StatefulSet;
    expect(updated.spec?.replicas).toBe(1);
    expect(updated.status).toEqual({ observedGeneration: 1, replicas: 0, availableReplicas: 0 });
  });
});
