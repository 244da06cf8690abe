import type { ResourceQuota } from 'kubernetes-types/core/v1';
import { beforeEach, describe, expect, it } from 'vitest';
import { expectFailure, expectOk, startApiServer, type TestApiServer } from '../testing.ts';

const QUOTAS = '/api/v1/namespaces/default/resourcequotas';

let api: TestApiServer;

beforeEach(async () => {
  api = await startApiServer();
});

const quota = (spec: Record<string, unknown>, name = 'q'): Record<string, unknown> => ({
  apiVersion: 'v1',
  kind: 'ResourceQuota',
  metadata: { name },
  spec,
});

describe('ResourceQuota registry', () => {
  it('drops a status given on create and serves quantities in canonical form', async () => {
    const created = expectOk(
      await api.request('POST', QUOTAS, {
        body: {
          ...quota({ hard: { 'requests.cpu': '1000m', memory: '1024Mi', pods: 2 } }),
          status: { hard: { pods: '5' }, used: { pods: '1' } },
        },
      }),
      201,
    ) as ResourceQuota;
    expect(created.spec?.hard).toEqual({ 'requests.cpu': '1', memory: '1Gi', pods: '2' });
    expect(created.status).toEqual({});
  });

  it.each([
    [
      'an unknown resource',
      { hard: { gpus: '1' } },
      '[spec.hard[gpus]: Invalid value: "gpus": must be a standard resource type or fully qualified, spec.hard[gpus]: Invalid value: "gpus": must be a standard resource for quota]',
    ],
    [
      'a negative quantity',
      { hard: { 'requests.cpu': '-1' } },
      'spec.hard[requests.cpu]: Invalid value: "-1": must be greater than or equal to 0',
    ],
    [
      'a milli object count',
      { hard: { services: '500m' } },
      'spec.hard[services]: Invalid value: resource.Quantity{i:resource.int64Amount{value:500, scale:-3}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"500m", Format:"DecimalSI"}: must be an integer',
    ],
    [
      'an unknown scope',
      { hard: { pods: '1' }, scopes: ['Sometimes'] },
      'spec.scopes: Invalid value: []core.ResourceQuotaScope{"Sometimes"}: unsupported scope',
    ],
    [
      'a scope that does not govern the resource',
      { hard: { services: '1' }, scopes: ['BestEffort'] },
      'spec.scopes: Invalid value: []core.ResourceQuotaScope{"BestEffort"}: unsupported scope applied to resource',
    ],
    [
      'conflicting scopes',
      { hard: { pods: '1' }, scopes: ['Terminating', 'NotTerminating'] },
      'spec.scopes: Invalid value: []core.ResourceQuotaScope{"Terminating", "NotTerminating"}: conflicting scopes',
    ],
    [
      'a scope selector with values for Exists',
      {
        hard: { pods: '1' },
        scopeSelector: {
          matchExpressions: [{ scopeName: 'PriorityClass', operator: 'Exists', values: ['high'] }],
        },
      },
      "spec.scopeSelector.matchExpressions.values: Invalid value: []string{\"high\"}: must be no value when `operator` is 'Exist' or 'DoesNotExist' for scope selector",
    ],
    [
      'a scope selector In without values',
      {
        hard: { pods: '1' },
        scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In' }] },
      },
      "spec.scopeSelector.matchExpressions.values: Required value: must be at least one value when `operator` is 'In' or 'NotIn' for scope selector",
    ],
    [
      'a scope selector naming BestEffort with In',
      {
        hard: { pods: '1' },
        scopeSelector: {
          matchExpressions: [{ scopeName: 'BestEffort', operator: 'In', values: ['x'] }],
        },
      },
      'spec.scopeSelector.matchExpressions.operator: Invalid value: "In": must be \'Exists\' when scope is any of ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort, ResourceQuotaScopeNotBestEffort or ResourceQuotaScopeCrossNamespacePodAffinity',
    ],
    [
      'a scope selector scope that does not govern the resource',
      {
        hard: { 'requests.cpu': '1' },
        scopeSelector: { matchExpressions: [{ scopeName: 'BestEffort', operator: 'Exists' }] },
      },
      'spec.scopeSelector.matchExpressions: Invalid value: core.ScopeSelector{MatchExpressions:[]core.ScopedResourceSelectorRequirement{core.ScopedResourceSelectorRequirement{ScopeName:"BestEffort", Operator:"Exists", Values:[]string(nil)}}}: unsupported scope applied to resource',
    ],
    [
      'a scope selector with an unknown operator',
      {
        hard: { pods: '1' },
        scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'Gt' }] },
      },
      'spec.scopeSelector.matchExpressions.operator: Invalid value: "Gt": not a valid selector operator',
    ],
  ])('rejects %s', async (_name, spec, message) => {
    expectFailure(
      await api.request('POST', QUOTAS, { body: quota(spec) }),
      422,
      'Invalid',
      `ResourceQuota "q" is invalid: ${message}`,
    );
  });

  it('refuses a quantity that does not parse while decoding', async () => {
    expectFailure(
      await api.request('POST', QUOTAS, { body: quota({ hard: { pods: 'two' } }) }),
      400,
      'BadRequest',
      'ResourceQuota in version "v1" cannot be handled as a ResourceQuota: quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\'',
    );
  });

  it('keeps scopes immutable', async () => {
    const created = expectOk(
      await api.request('POST', QUOTAS, { body: quota({ hard: { pods: '1' } }) }),
      201,
    ) as ResourceQuota;
    expectFailure(
      await api.request('PUT', `${QUOTAS}/q`, {
        body: { ...created, spec: { hard: { pods: '1' }, scopes: ['BestEffort'] } },
      }),
      422,
      'Invalid',
      'ResourceQuota "q" is invalid: spec.scopes: Invalid value: []core.ResourceQuotaScope{"BestEffort"}: field is immutable',
    );
  });

  it('changes the spec through the resource and the status through /status only', async () => {
    const created = expectOk(
      await api.request('POST', QUOTAS, { body: quota({ hard: { pods: '1' } }) }),
      201,
    ) as ResourceQuota;
    const withStatus = expectOk(
      await api.request('PUT', `${QUOTAS}/q/status`, {
        body: {
          ...created,
          spec: { hard: { pods: '9' } },
          status: { hard: { pods: '1' }, used: { pods: '0' } },
        },
      }),
    ) as ResourceQuota;
    expect(withStatus.spec?.hard).toEqual({ pods: '1' });
    expect(withStatus.status).toEqual({ hard: { pods: '1' }, used: { pods: '0' } });
    const withSpec = expectOk(
      await api.request('PUT', `${QUOTAS}/q`, {
        body: { ...withStatus, spec: { hard: { pods: '3' } }, status: {} },
      }),
    ) as ResourceQuota;
    expect(withSpec.spec?.hard).toEqual({ pods: '3' });
    expect(withSpec.status).toEqual({ hard: { pods: '1' }, used: { pods: '0' } });
  });

  it('validates status quantities', async () => {
    const created = expectOk(
      await api.request('POST', QUOTAS, { body: quota({ hard: { pods: '1' } }) }),
      201,
    ) as ResourceQuota;
    expectFailure(
      await api.request('PUT', `${QUOTAS}/q/status`, {
        body: { ...created, status: { hard: { pods: '1' }, used: { pods: '-1' } } },
      }),
      422,
      'Invalid',
      'ResourceQuota "q" is invalid: status.used[pods]: Invalid value: "-1": must be greater than or equal to 0',
    );
  });
});
