// Roles, ClusterRoles, RoleBindings and ClusterRoleBindings (pkg/registry/rbac/<kind>/strategy.go
// and policybased/storage.go, pkg/apis/rbac/validation/validation.go, pkg/apis/rbac/v1/defaults.go):
// validation and defaulting, and the escalation checks the policy-based storage runs before a
// write. Left out: the AllowInvalidLabelValueInSelector leniency for old aggregation rules.

import type {
  ClusterRole,
  ClusterRoleBinding,
  PolicyRule,
  RoleBinding,
  RoleRef,
  Subject,
} from 'kubernetes-types/rbac/v1';
import {
  field,
  fieldPath,
  forbidden,
  goQuote,
  isParseError,
  type FieldError,
  type FieldPath,
} from '../../api/errors.ts';
import { jsonEqual } from '../../api/json-merge-patch.ts';
import { labelSelectorFromObject } from '../../api/labels.ts';
import { builtinType } from '../../api/resources.ts';
import { isDNS1123Subdomain, validateLabels, type NameValidator } from '../../api/validation.ts';
import type { KubeObject } from '../../client/protocol.ts';
import {
  bindingAuthorized,
  confirmNoEscalation,
  escalationAllowed,
  roleEscalationAuthorized,
} from '../auth/escalation.ts';
import { rule } from '../auth/policy-rule.ts';
import { ApiError } from './generic.ts';
import type { RequestContext, Strategy } from './strategy.ts';

const GROUP = 'rbac.authorization.k8s.io';

/** ValidateRBACName: path.IsValidPathSegmentName. */
export const rbacName: NameValidator = (name) => {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  const errors: string[] = [];
  for (const illegal of ['/', '%'])
    if (name.includes(illegal)) errors.push(`may not contain '${illegal}'`);
  return errors;
};

function validatePolicyRule(
  candidate: PolicyRule,
  namespaced: boolean,
  path: FieldPath,
): FieldError[] {
  const errors: FieldError[] = [];
  if (candidate.verbs.length === 0)
    errors.push(field.required(path.child('verbs'), 'verbs must contain at least one value'));
  const urls = candidate.nonResourceURLs ?? [];
  if (urls.length > 0) {
    if (namespaced)
      errors.push(
        field.invalid(
          path.child('nonResourceURLs'),
          urls,
          'namespaced rules cannot apply to non-resource URLs',
        ),
      );
    if (
      (candidate.apiGroups ?? []).length > 0 ||
      (candidate.resources ?? []).length > 0 ||
      (candidate.resourceNames ?? []).length > 0
    )
      errors.push(
        field.invalid(
          path.child('nonResourceURLs'),
          urls,
          'rules cannot apply to both regular resources and non-resource URLs',
        ),
      );
    return errors;
  }
  if ((candidate.apiGroups ?? []).length === 0)
    errors.push(
      field.required(path.child('apiGroups'), 'resource rules must supply at least one api group'),
    );
  if ((candidate.resources ?? []).length === 0)
    errors.push(
      field.required(path.child('resources'), 'resource rules must supply at least one resource'),
    );
  return errors;
}

function validateRules(
  rules: readonly PolicyRule[] | undefined,
  namespaced: boolean,
): FieldError[] {
  return (rules ?? []).flatMap((candidate, i) =>
    validatePolicyRule(
      { ...candidate, verbs: candidate.verbs ?? [] },
      namespaced,
      fieldPath('rules').index(i),
    ),
  );
}

function validateAggregationRule(role: ClusterRole): FieldError[] {
  const aggregation = role.aggregationRule;
  if (!aggregation) return [];
  const path = fieldPath('aggregationRule', 'clusterRoleSelectors');
  const selectors = aggregation.clusterRoleSelectors ?? [];
  const errors: FieldError[] = [];
  if (selectors.length === 0)
    errors.push(
      field.required(
        path,
        'at least one clusterRoleSelector required if aggregationRule is non-nil',
      ),
    );
  selectors.forEach((selector, i) => {
    errors.push(...validateLabels(selector.matchLabels ?? {}, path.index(i).child('matchLabels')));
    if (isParseError(labelSelectorFromObject(selector)))
      errors.push(field.invalid(path.index(i), selector, 'invalid label selector.'));
  });
  return errors;
}

/** A Go %#v of the internal RoleRef, as the "cannot change roleRef" error shows it. */
function goRoleRef(roleRef: RoleRef): { goSyntax: string } {
  return {
    goSyntax: `rbac.RoleRef{APIGroup:${goQuote(roleRef.apiGroup)}, Kind:${goQuote(roleRef.kind)}, Name:${goQuote(roleRef.name)}}`,
  };
}

function validateSubject(subject: Subject, namespaced: boolean, path: FieldPath): FieldError[] {
  const errors: FieldError[] = [];
  if (!subject.name) errors.push(field.required(path.child('name')));
  switch (subject.kind) {
    case 'ServiceAccount':
      if (subject.name) {
        for (const message of isDNS1123Subdomain(subject.name))
          errors.push(field.invalid(path.child('name'), subject.name, message));
      }
      if (subject.apiGroup)
        errors.push(field.notSupported(path.child('apiGroup'), subject.apiGroup, ['']));
      if (!namespaced && !subject.namespace) errors.push(field.required(path.child('namespace')));
      break;
    case 'User':
    case 'Group':
      if (subject.apiGroup !== GROUP)
        errors.push(field.notSupported(path.child('apiGroup'), subject.apiGroup ?? '', [GROUP]));
      break;
    default:
      errors.push(
        field.notSupported(path.child('kind'), subject.kind, ['ServiceAccount', 'User', 'Group']),
      );
  }
  return errors;
}

function validateBinding(
  binding: RoleBinding | ClusterRoleBinding,
  namespaced: boolean,
): FieldError[] {
  const errors: FieldError[] = [];
  const roleRef = binding.roleRef as RoleRef | undefined;
  if (roleRef?.apiGroup !== GROUP)
    errors.push(
      field.notSupported(fieldPath('roleRef', 'apiGroup'), roleRef?.apiGroup ?? '', [GROUP]),
    );
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(roleRef?.kind ?? ''))
    errors.push(field.notSupported(fieldPath('roleRef', 'kind'), roleRef?.kind ?? '', kinds));
  const name = roleRef?.name ?? '';
  if (name === '') errors.push(field.required(fieldPath('roleRef', 'name')));
  else
    for (const message of rbacName(name, false))
      errors.push(field.invalid(fieldPath('roleRef', 'name'), name, message));
  (binding.subjects ?? []).forEach((subject, i) => {
    errors.push(...validateSubject(subject, namespaced, fieldPath('subjects').index(i)));
  });
  return errors;
}

function validateBindingUpdate(
  object: KubeObject,
  old: KubeObject,
  namespaced: boolean,
): FieldError[] {
  const binding = object as RoleBinding;
  const errors = validateBinding(binding, namespaced);
  const previous = (old as RoleBinding).roleRef;
  if (!jsonEqual(binding.roleRef, previous))
    errors.push(field.invalid('roleRef', goRoleRef(binding.roleRef), 'cannot change roleRef'));
  return errors;
}

/** SetDefaults_RoleBinding / _Subject: the RBAC group where it is implied. */
function defaultBinding(object: KubeObject): void {
  const binding = object as RoleBinding;
  if (typeof binding.roleRef === 'object' && !binding.roleRef.apiGroup)
    binding.roleRef.apiGroup = GROUP;
  for (const subject of binding.subjects ?? []) {
    if (!subject.apiGroup && (subject.kind === 'User' || subject.kind === 'Group'))
      subject.apiGroup = GROUP;
  }
}

/** IsOnlyMutatingGCFields: owner references and finalizers may always change. */
function onlyGarbageCollectionFields(object: KubeObject, old: KubeObject): boolean {
  const strip = (value: KubeObject): KubeObject => {
    const {
      ownerReferences: _owners,
      finalizers: _finalizers,
      managedFields: _fields,
      ...meta
    } = value.metadata ?? {};
    return { ...value, metadata: meta };
  };
  return jsonEqual(strip(object), strip(old));
}

function refuse(resource: string, name: string, reason: string): never {
  throw new ApiError(forbidden({ group: GROUP, resource }, name, reason));
}

// Creating an aggregated role can gather anything, so it takes `*` on everything.
const FULL_AUTHORITY = [
  rule('*').groups('*').resources('*').build(),
  rule('*').urlPaths('*').build(),
];

function checkRoleWrite(
  resource: 'roles' | 'clusterroles',
  object: KubeObject,
  old: KubeObject | undefined,
  context: RequestContext,
): void {
  const authorization = context.authorization;
  if (!authorization || escalationAllowed(context.user)) return;
  const name = object.metadata?.name ?? '';
  const namespace = context.namespace ?? '';
  const urlName = old ? name : '';
  if (roleEscalationAuthorized(authorization, context.user, resource, namespace, urlName)) return;
  if (old && onlyGarbageCollectionFields(object, old)) return;
  const role = object as ClusterRole;
  const reason = confirmNoEscalation(authorization, context.user, namespace, role.rules ?? []);
  if (reason !== null) refuse(resource, name, reason);
  const aggregates =
    role.aggregationRule !== undefined ||
    (old as ClusterRole | undefined)?.aggregationRule !== undefined;
  if (
    resource === 'clusterroles' &&
    aggregates &&
    confirmNoEscalation(authorization, context.user, namespace, FULL_AUTHORITY) !== null
  )
    refuse(resource, name, 'must have cluster-admin privileges to use the aggregationRule');
}

function checkBindingWrite(
  resource: 'rolebindings' | 'clusterrolebindings',
  object: KubeObject,
  old: KubeObject | undefined,
  context: RequestContext,
): void {
  const authorization = context.authorization;
  if (!authorization || escalationAllowed(context.user)) return;
  if (old && onlyGarbageCollectionFields(object, old)) return;
  const binding = object as RoleBinding;
  const name = binding.metadata?.name ?? '';
  const namespace = resource === 'rolebindings' ? (context.namespace ?? '') : '';
  if (bindingAuthorized(authorization, context.user, binding.roleRef, namespace)) return;
  const rules = authorization.rules.roleReferenceRules(binding.roleRef, namespace);
  if ('error' in rules) refuse(resource, name, rules.error);
  const reason = confirmNoEscalation(authorization, context.user, namespace, rules);
  if (reason !== null) refuse(resource, name, reason);
}

function roleStrategyFor(resource: 'roles' | 'clusterroles'): Strategy {
  const namespaced = resource === 'roles';
  const validate = (object: KubeObject): FieldError[] => [
    ...validateRules((object as ClusterRole).rules, namespaced),
    ...(namespaced ? [] : validateAggregationRule(object as ClusterRole)),
  ];
  return {
    type: builtinType(GROUP, resource),
    nameValidator: rbacName,
    validate,
    validateUpdate: validate,
    beforeWrite: (object, old, context) => {
      checkRoleWrite(resource, object, old, context);
    },
  };
}

function bindingStrategyFor(resource: 'rolebindings' | 'clusterrolebindings'): Strategy {
  const namespaced = resource === 'rolebindings';
  return {
    type: builtinType(GROUP, resource),
    nameValidator: rbacName,
    applyDefaults: defaultBinding,
    validate: (object) => validateBinding(object as RoleBinding, namespaced),
    validateUpdate: (object, old) => validateBindingUpdate(object, old, namespaced),
    beforeWrite: (object, old, context) => {
      checkBindingWrite(resource, object, old, context);
    },
  };
}

export const roleStrategy = roleStrategyFor('roles');
export const clusterRoleStrategy = roleStrategyFor('clusterroles');
export const roleBindingStrategy = bindingStrategyFor('rolebindings');
export const clusterRoleBindingStrategy = bindingStrategyFor('clusterrolebindings');
