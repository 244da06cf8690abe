import type { DaemonSet } from 'kubernetes-types/apps/v1';
import { describe, expect, it } from 'vitest';
import { expectFailure } from '../testing.ts';
import { MERGE_PATCH, workloadFixture } from './workload-fixture.ts';

const DAEMONSETS = '/apis/apps/v1/namespaces/kube-system/daemonsets';
const PROXY = `${DAEMONSETS}/proxy`;
const TEMPLATE_GENERATION = 'deprecated.daemonset.template.generation';

const BASE = {
  metadata: { name: 'proxy' },
  spec: {
    selector: { matchLabels: { app: 'proxy' } },
    template: {
      metadata: { labels: { app: 'proxy' } },
      spec: { containers: [{ name: 'proxy', image: 'kube-proxy:v1.32.0' }] },
    },
  },
};

const fixture = workloadFixture<DaemonSet>(DAEMONSETS, BASE);

describe('DaemonSet defaults', () => {
  it('defaults a rolling update of one pod at a time, template generation 1 and the status counters', async () => {
    const created = await fixture.create();
    expect(created.spec).toMatchObject({
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
      revisionHistoryLimit: 10,
    });
    expect(created.metadata?.annotations).toEqual({ [TEMPLATE_GENERATION]: '1' });
    expect(created.metadata?.generation).toBe(1);
    expect(created.status).toEqual({
      currentNumberScheduled: 0,
      numberMisscheduled: 0,
      desiredNumberScheduled: 0,
      numberReady: 0,
    });
  });

  it('keeps OnDelete without a rolling update', async () => {
    const created = await fixture.create({ spec: { updateStrategy: { type: 'OnDelete' } } });
    expect(created.spec?.updateStrategy).toEqual({ type: 'OnDelete' });
  });
});

describe('DaemonSet validation', () => {
  it.each([
    [
      'no selector, which only shows as a label mismatch',
      { spec: { selector: null } },
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"proxy"}: `selector` does not match template `labels`',
    ],
    [
      'an empty selector',
      { spec: { selector: { matchLabels: null } } },
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for daemonset',
    ],
    [
      'both maxSurge and maxUnavailable',
      { spec: { updateStrategy: { rollingUpdate: { maxSurge: '10%' } } } },
      'spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"10%"}: may not be set when maxUnavailable is non-zero',
    ],
    [
      'neither maxSurge nor maxUnavailable',
      { spec: { updateStrategy: { rollingUpdate: { maxUnavailable: 0 } } } },
      'spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0',
    ],
    [
      'a maxSurge over 100%',
      { spec: { updateStrategy: { rollingUpdate: { maxUnavailable: 0, maxSurge: '200%' } } } },
      'spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"200%"}: must not be greater than 100%',
    ],
    [
      'an unknown update strategy',
      { spec: { updateStrategy: { type: 'Surge' } } },
      'spec.updateStrategy: Unsupported value: apps.DaemonSetUpdateStrategy{Type:"Surge", RollingUpdate:(*apps.RollingUpdateDaemonSet)(nil)}: supported values: "RollingUpdate", "OnDelete"',
    ],
    [
      'a template restartPolicy other than Always',
      { spec: { template: { spec: { restartPolicy: 'Never' } } } },
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    ],
    [
      'activeDeadlineSeconds in the template',
      { spec: { template: { spec: { activeDeadlineSeconds: 5 } } } },
      'spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in DaemonSet is not Supported',
    ],
    [
      'a negative minReadySeconds',
      { spec: { minReadySeconds: -5 } },
      'spec.minReadySeconds: Invalid value: -5: must be greater than or equal to 0',
    ],
  ])('refuses %s', async (_case, patch, detail) => {
    expectFailure(
      await fixture.api.request('POST', DAEMONSETS, { body: fixture.manifest(patch) }),
      422,
      'Invalid',
      `DaemonSet.apps "proxy" is invalid: ${detail}`,
    );
  });

  it('refuses a template generation that is no integer while decoding', async () => {
    expectFailure(
      await fixture.api.request('POST', DAEMONSETS, {
        body: fixture.manifest({ metadata: { annotations: { [TEMPLATE_GENERATION]: 'one' } } }),
      }),
      400,
      'BadRequest',
      'DaemonSet in version "v1" cannot be handled as a DaemonSet: strconv.ParseInt: parsing "one": invalid syntax',
    );
  });
});

describe('DaemonSet updates', () => {
  it.each([
    [
      'a template change',
      { spec: { template: { metadata: { labels: { tier: 'node' } } } } },
      '2',
      2,
    ],
    ['another spec change', { spec: { minReadySeconds: 5 } }, '1', 2],
    [
      'a metadata change, whatever it claims',
      { metadata: { annotations: { [TEMPLATE_GENERATION]: '9' } } },
      '1',
      1,
    ],
  ])(
    'tracks template generation and generation through %s',
    async (_case, patch, templateGeneration, generation) => {
      await fixture.create();
      const updated = await fixture.patched(PROXY, patch);
      expect(updated.metadata?.annotations?.[TEMPLATE_GENERATION]).toBe(templateGeneration);
      expect(updated.metadata?.generation).toBe(generation);
    },
  );

  it('refuses a selector change, once per copy of the spec upstream validates', async () => {
    await fixture.create();
    const status = expectFailure(
      await fixture.api.request('PATCH', PROXY, {
        body: { spec: { selector: { matchLabels: { app: 'proxy', tier: 'node' } } } },
        contentType: MERGE_PATCH,
      }),
      422,
      'Invalid',
      'DaemonSet.apps "proxy" is invalid: [spec.template.metadata.labels: Invalid value: map[string]string{"app":"proxy"}: `selector` does not match template `labels`, spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"proxy", "tier":"node"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable]',
    );
    expect(status.details?.causes?.map((cause) => cause.field)).toEqual([
      'spec.template.metadata.labels',
      'spec.template.metadata.labels',
      'spec.selector',
    ]);
  });

  it('validates status counters and keeps the spec on the status subresource', async () => {
    await fixture.create();
    const updated = await fixture.patched(`${PROXY}/status`, {
      metadata: { annotations: null },
      spec: { minReadySeconds: 9 },
      status: { desiredNumberScheduled: 3, numberAvailable: 0 },
    });
    expect(updated.spec?.minReadySeconds).toBeUndefined();
    expect(updated.metadata?.annotations).toEqual({ [TEMPLATE_GENERATION]: '1' });
    expect(updated.status).toEqual({
      currentNumberScheduled: 0,
      numberMisscheduled: 0,
      desiredNumberScheduled: 3,
      numberReady: 0,
    });
    expectFailure(
      await fixture.api.request('PATCH', `${PROXY}/status`, {
        body: { status: { numberReady: -1 } },
        contentType: MERGE_PATCH,
      }),
      422,
      'Invalid',
      'DaemonSet.apps "proxy" is invalid: status.numberReady: Invalid value: -1: must be greater than or equal to 0',
    );
  });
});
