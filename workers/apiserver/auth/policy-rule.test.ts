import { describe, expect, it } from 'vitest';
import type { Attributes } from './authorizer.ts';
import {
  compactRules,
  compactString,
  covers,
  rule,
  ruleAllows,
  type PolicyRule,
} from './policy-rule.ts';

const jane = { username: 'jane', groups: ['system:authenticated'] };

function resource(
  verb: string,
  group: string,
  resourceName: string,
  more: Partial<Attributes> = {},
): Attributes {
  return {
    user: jane,
    isResourceRequest: true,
    path: '',
    verb,
    apiPrefix: 'api',
    apiGroup: group,
    apiVersion: 'v1',
    namespace: 'default',
    resource: resourceName,
    subresource: '',
    name: '',
    parts: [],
    ...more,
  };
}

function nonResource(verb: string, path: string): Attributes {
  return { ...resource(verb, '', ''), isResourceRequest: false, path, namespace: '' };
}

describe('rule builder', () => {
  it('sorts every list, as RuleOrDie does', () => {
    expect(
      rule('watch', 'get', 'list').groups('apps', '').resources('pods', 'configmaps').build(),
    ).toEqual({
      verbs: ['get', 'list', 'watch'],
      apiGroups: ['', 'apps'],
      resources: ['configmaps', 'pods'],
    });
  });
});

describe('ruleAllows', () => {
  const readPods = rule('get', 'list').groups('').resources('pods').build();
  it.each<[string, PolicyRule, Attributes, boolean]>([
    ['an exact verb, group and resource', readPods, resource('list', '', 'pods'), true],
    ['another verb', readPods, resource('delete', '', 'pods'), false],
    ['another group', readPods, resource('list', 'apps', 'pods'), false],
    [
      'a subresource not named',
      readPods,
      resource('get', '', 'pods', { subresource: 'log' }),
      false,
    ],
    [
      'the named subresource',
      rule('get').groups('').resources('pods/log').build(),
      resource('get', '', 'pods', { subresource: 'log' }),
      true,
    ],
    [
      '*/subresource for any resource',
      rule('get').groups('*').resources('*/scale').build(),
      resource('get', 'apps', 'deployments', { subresource: 'scale' }),
      true,
    ],
    [
      '*/subresource not for the resource itself',
      rule('get').groups('*').resources('*/scale').build(),
      resource('get', 'apps', 'deployments'),
      false,
    ],
    [
      'wildcards everywhere',
      rule('*').groups('*').resources('*').build(),
      resource('escalate', 'rbac.authorization.k8s.io', 'roles'),
      true,
    ],
    [
      'a listed resource name',
      rule('get').groups('').resources('configmaps').resourceNames('a').build(),
      resource('get', '', 'configmaps', { name: 'a' }),
      true,
    ],
    [
      'an unlisted resource name',
      rule('get').groups('').resources('configmaps').resourceNames('a').build(),
      resource('get', '', 'configmaps', { name: 'b' }),
      false,
    ],
    [
      'a list where names are required',
      rule('list').groups('').resources('configmaps').resourceNames('a').build(),
      resource('list', '', 'configmaps'),
      false,
    ],
    [
      'an exact URL',
      rule('get').urlPaths('/version').build(),
      nonResource('get', '/version'),
      true,
    ],
    [
      'a URL under a trailing star',
      rule('get').urlPaths('/apis/*').build(),
      nonResource('get', '/apis/apps/v1'),
      true,
    ],
    [
      'a URL outside the star',
      rule('get').urlPaths('/apis/*').build(),
      nonResource('get', '/api/v1'),
      false,
    ],
    [
      'a URL rule for a resource request',
      rule('get').urlPaths('*').build(),
      resource('get', '', 'pods'),
      false,
    ],
    [
      'a resource rule for a URL',
      rule('get').groups('*').resources('*').build(),
      nonResource('get', '/healthz'),
      false,
    ],
  ])('%s', (_name, candidate, attributes, allowed) => {
    expect(ruleAllows(attributes, candidate)).toBe(allowed);
  });
});

describe('covers', () => {
  const owner = [
    rule('get', 'list', 'watch').groups('').resources('pods', 'pods/log').build(),
    rule('get').groups('*').resources('*/scale').build(),
    rule('get').urlPaths('/apis/*').build(),
    rule('update').groups('').resources('configmaps').resourceNames('a', 'b').build(),
  ];
  it.each<[string, PolicyRule[], PolicyRule[]]>([
    ['held rules', [rule('get', 'list').groups('').resources('pods').build()], []],
    [
      'a */subresource owner',
      [rule('get').groups('apps').resources('deployments/scale').build()],
      [],
    ],
    ['URLs under a star', [rule('get').urlPaths('/apis/apps').build()], []],
    [
      'names within the owned ones',
      [rule('update').groups('').resources('configmaps').resourceNames('a').build()],
      [],
    ],
    [
      'a verb not held',
      [rule('get', 'delete').groups('').resources('pods').build()],
      [{ apiGroups: [''], resources: ['pods'], verbs: ['delete'] }],
    ],
    [
      'all names where only some are held',
      [rule('update').groups('').resources('configmaps').build()],
      [{ apiGroups: [''], resources: ['configmaps'], verbs: ['update'] }],
    ],
  ])('reports what is missing: %s', (_name, servant, missing) => {
    expect(covers(owner, servant)).toEqual({ covered: missing.length === 0, missing });
  });
});

describe('compact rules and their escalation text', () => {
  it('merges verbs of one group and resource, as the Forbidden message lists them', () => {
    const missing = covers(
      [],
      [rule('get', 'list').groups('').resources('secrets', 'configmaps').build()],
    ).missing;
    expect(compactRules(missing).map(compactString).sort()).toEqual([
      '{APIGroups:[""], Resources:["configmaps"], Verbs:["get" "list"]}',
      '{APIGroups:[""], Resources:["secrets"], Verbs:["get" "list"]}',
    ]);
  });

  it('writes URLs and names in upstream order', () => {
    expect(compactString(rule('get').urlPaths('/metrics').build())).toBe(
      '{NonResourceURLs:["/metrics"], Verbs:["get"]}',
    );
    expect(
      compactString(rule('update').groups('').resources('configmaps').resourceNames('a').build()),
    ).toBe('{APIGroups:[""], Resources:["configmaps"], ResourceNames:["a"], Verbs:["update"]}');
  });
});
