import type { Deployment } from 'kubernetes-types/apps/v1';
import { describe, expect, it } from 'vitest';
import { expectFailure, expectOk } from '../testing.ts';
import { MERGE_PATCH, workloadFixture } from './workload-fixture.ts';

const DEPLOYMENTS = '/apis/apps/v1/namespaces/default/deployments';
const WEB = `${DEPLOYMENTS}/web`;

const BASE = {
  metadata: { name: 'web' },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
    },
  },
};

const fixture = workloadFixture<Deployment>(DEPLOYMENTS, BASE);

describe('Deployment defaults', () => {
  it('fills what kubectl create deployment leaves out, and starts at generation 1 with an empty status', async () => {
    const created = await fixture.create();
    expect(created.metadata?.generation).toBe(1);
    expect(created.status).toEqual({});
    expect(created.spec).toMatchObject({
      replicas: 1,
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' },
      },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    });
    expect(created.spec?.template.metadata).toEqual({
      labels: { app: 'web' },
      creationTimestamp: null,
    });
    expect(created.spec?.template.spec).toMatchObject({
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      terminationGracePeriodSeconds: 30,
      schedulerName: 'default-scheduler',
      securityContext: {},
    });
  });

  it.each([
    ['Recreate gets no rolling update', { strategy: { type: 'Recreate' } }, { type: 'Recreate' }],
    [
      'a rolling update keeps what was given',
      { strategy: { rollingUpdate: { maxSurge: 2 } } },
      { type: 'RollingUpdate', rollingUpdate: { maxSurge: 2, maxUnavailable: '25%' } },
    ],
  ])('defaults the strategy: %s', async (_case, spec, strategy) => {
    const created = await fixture.create({ spec });
    expect(created.spec?.strategy).toEqual(strategy);
  });

  it('keeps explicit values', async () => {
    const created = await fixture.create({
      spec: { replicas: 0, revisionHistoryLimit: 0, progressDeadlineSeconds: 30 },
    });
    expect(created.spec).toMatchObject({
      replicas: 0,
      revisionHistoryLimit: 0,
      progressDeadlineSeconds: 30,
    });
  });
});

describe('Deployment validation', () => {
  const mismatch =
    'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`';
  it.each([
    ['no selector', { spec: { selector: null } }, `[spec.selector: Required value, ${mismatch}]`],
    [
      'a selector that does not match the template',
      { spec: { selector: { matchLabels: { app: 'api' } } } },
      mismatch,
    ],
    [
      'an empty selector',
      { spec: { selector: { matchLabels: null } } },
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
    ],
    [
      'an unknown selector operator',
      {
        spec: {
          selector: {
            matchLabels: null,
            matchExpressions: [{ key: 'app', operator: 'Near', values: ['web'] }],
          },
        },
      },
      '[spec.selector.matchExpressions[0].operator: Invalid value: "Near": not a valid selector operator, spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"app", Operator:"Near", Values:[]string{"web"}}}}: invalid label selector]',
    ],
    [
      'In without values',
      {
        spec: { selector: { matchExpressions: [{ key: 'tier', operator: 'In' }] } },
      },
      '[spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is \'In\' or \'NotIn\', spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"tier", Operator:"In", Values:[]string(nil)}}}: invalid label selector]',
    ],
    [
      'negative replicas',
      { spec: { replicas: -1 } },
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    ],
    [
      'maxSurge and maxUnavailable both 0',
      { spec: { strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: '0%' } } } },
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"0%"}: may not be 0 when `maxSurge` is 0',
    ],
    [
      'maxUnavailable over 100%',
      { spec: { strategy: { rollingUpdate: { maxUnavailable: '110%' } } } },
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"110%"}: must not be greater than 100%',
    ],
    [
      'maxSurge that is no percentage',
      { spec: { strategy: { rollingUpdate: { maxSurge: 'half' } } } },
      "spec.strategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"half\"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
    ],
    [
      'a negative maxSurge',
      { spec: { strategy: { rollingUpdate: { maxSurge: -1 } } } },
      'spec.strategy.rollingUpdate.maxSurge: Invalid value: -1: must be greater than or equal to 0',
    ],
    [
      'Recreate with a rolling update',
      { spec: { strategy: { type: 'Recreate', rollingUpdate: { maxSurge: 1 } } } },
      "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
    ],
    [
      'an unknown strategy',
      { spec: { strategy: { type: 'BlueGreen' } } },
      'spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:"BlueGreen", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: "Recreate", "RollingUpdate"',
    ],
    [
      'a progress deadline not above minReadySeconds',
      { spec: { minReadySeconds: 600 } },
      'spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds',
    ],
    [
      'a negative revisionHistoryLimit',
      { spec: { revisionHistoryLimit: -1 } },
      'spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0',
    ],
    [
      'a template restartPolicy other than Always',
      { spec: { template: { spec: { restartPolicy: 'Never' } } } },
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    ],
    [
      'activeDeadlineSeconds in the template',
      { spec: { template: { spec: { activeDeadlineSeconds: 30 } } } },
      'spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported',
    ],
    [
      'a container without an image',
      { spec: { template: { spec: { containers: [{ name: 'nginx' }] } } } },
      'spec.template.spec.containers[0].image: Required value',
    ],
    [
      'a template label that is no label',
      { spec: { template: { metadata: { labels: { tier: 'front end' } } } } },
      "spec.template.labels: Invalid value: \"front end\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ],
    [
      'a pod deletion cost that is no int32',
      {
        spec: {
          template: {
            metadata: { annotations: { 'controller.kubernetes.io/pod-deletion-cost': '+1' } },
          },
        },
      },
      'spec.template.annotations[controller.kubernetes.io/pod-deletion-cost]: Invalid value: "+1": must be a 32bit integer',
    ],
  ])('refuses %s', async (_case, patch, detail) => {
    expectFailure(
      await fixture.api.request('POST', DEPLOYMENTS, { body: fixture.manifest(patch) }),
      422,
      'Invalid',
      `Deployment.apps "web" is invalid: ${detail}`,
    );
  });
});

describe('Deployment updates', () => {
  it('refuses a selector change', async () => {
    await fixture.create();
    expectFailure(
      await fixture.api.request('PATCH', WEB, {
        body: {
          spec: {
            selector: { matchLabels: { app: 'web', tier: 'front' } },
            template: { metadata: { labels: { tier: 'front' } } },
          },
        },
        contentType: MERGE_PATCH,
      }),
      422,
      'Invalid',
      'Deployment.apps "web" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "tier":"front"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    );
  });

  it.each([
    ['a spec change', { spec: { replicas: 3 } }, 2],
    [
      'an annotation change',
      { metadata: { annotations: { 'kubernetes.io/change-cause': 'v2' } } },
      2,
    ],
    ['a label change', { metadata: { labels: { team: 'a' } } }, 1],
    ['a status in the body', { status: { replicas: 9 } }, 1],
  ])('moves the generation to %i on %s', async (_case, patch, generation) => {
    await fixture.create();
    const updated = await fixture.patched(WEB, patch);
    expect(updated.metadata?.generation).toBe(generation);
    expect(updated.status).toEqual({});
  });

  it('keeps spec and labels on the status subresource, and drops zero counters as Go encodes them', async () => {
    await fixture.create();
    const updated = await fixture.patched(`${WEB}/status`, {
      metadata: { labels: { team: 'a' } },
      spec: { replicas: 5 },
      status: { observedGeneration: 1, replicas: 1, updatedReplicas: 0, readyReplicas: 1 },
    });
    expect(updated.spec?.replicas).toBe(1);
    expect(updated.metadata?.labels).toBeUndefined();
    expect(updated.metadata?.generation).toBe(1);
    expect(updated.status).toEqual({ observedGeneration: 1, replicas: 1, readyReplicas: 1 });
  });

  it.each([
    [
      'more ready than existing replicas',
      { replicas: 1, readyReplicas: 2, availableReplicas: 1 },
      'status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas',
    ],
    [
      'more available than ready replicas',
      { replicas: 2, readyReplicas: 1, availableReplicas: 2 },
      'status.availableReplicas: Invalid value: 2: cannot be greater than readyReplicas',
    ],
    [
      'a negative counter',
      { unavailableReplicas: -1 },
      'status.unavailableReplicas: Invalid value: -1: must be greater than or equal to 0',
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
      `Deployment.apps "web" is invalid: ${detail}`,
    );
  });

  it('refuses to decrement collisionCount', async () => {
    await fixture.create();
    await fixture.patched(`${WEB}/status`, { status: { collisionCount: 2 } });
    expectFailure(
      await fixture.api.request('PATCH', `${WEB}/status`, {
        body: { status: { collisionCount: 1 } },
        contentType: MERGE_PATCH,
      }),
      422,
      'Invalid',
      'Deployment.apps "web" is invalid: status.collisionCount: Invalid value: 1: cannot be decremented',
    );
  });
});

describe('Deployment lists', () => {
  it('lists across namespaces and refuses field selectors beyond the metadata ones', async () => {
    await fixture.create();
    const list = expectOk(await fixture.api.request('GET', '/apis/apps/v1/deployments')) as {
      kind: string;
      items: Deployment[];
    };
    expect(list.kind).toBe('DeploymentList');
    expect(list.items.map((item) => item.metadata?.name)).toEqual(['web']);
    expectFailure(
      await fixture.api.request('GET', DEPLOYMENTS, {
        query: { fieldSelector: 'spec.replicas=1' },
      }),
      400,
      'BadRequest',
      '"spec.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"',
    );
  });
});
