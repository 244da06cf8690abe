// The Roles and RoleBindings kube-apiserver 1.32 keeps in kube-system and kube-public
// (plugin/pkg/auth/authorizer/rbac/bootstrappolicy/namespace_policy.go): leader locking, the
// bootstrap signer, the token cleaner and the authentication configmap reader.

import type { Role, RoleBinding, Subject } from 'kubernetes-types/rbac/v1';
import {
  AUTOUPDATE_ANNOTATION,
  BOOTSTRAP_LABELS,
  eventsRule,
  RBAC_GROUP,
  serviceAccountSubject,
  userSubject,
} from './policy-builders.ts';
import { CONTROLLER_ROLE_PREFIX } from './controller-policy.ts';
import { rule, type PolicyRule } from './policy-rule.ts';

const SYSTEM = 'kube-system';
const PUBLIC = 'kube-public';

const metadata = (name: string, namespace: string) => ({
  name,
  namespace,
  labels: { ...BOOTSTRAP_LABELS },
  annotations: { [AUTOUPDATE_ANNOTATION]: 'true' },
});

function role(namespace: string, name: string, rules: PolicyRule[]): Role {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: metadata(name, namespace),
    rules,
  };
}

/** NewRoleBinding(role, namespace): named after the Role it grants unless told. */
function binding(
  namespace: string,
  roleName: string,
  subjects: Subject[],
  name = roleName,
): RoleBinding {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: metadata(name, namespace),
    roleRef: { apiGroup: RBAC_GROUP, kind: 'Role', name: roleName },
    subjects,
  };
}

export function namespaceRoles(): Role[] {
  return [
    role(SYSTEM, 'extension-apiserver-authentication-reader', [
      rule('get', 'list', 'watch')
        .groups('')
        .resources('configmaps')
        .resourceNames('extension-apiserver-authentication')
        .build(),
    ]),
    role(SYSTEM, `${CONTROLLER_ROLE_PREFIX}bootstrap-signer`, [
      rule('get', 'list', 'watch').groups('').resources('secrets').build(),
    ]),
    role(SYSTEM, `${CONTROLLER_ROLE_PREFIX}cloud-provider`, [
      rule('create', 'get', 'list', 'watch').groups('').resources('configmaps').build(),
    ]),
    role(SYSTEM, `${CONTROLLER_ROLE_PREFIX}token-cleaner`, [
      rule('delete', 'get', 'list', 'watch').groups('').resources('secrets').build(),
      eventsRule(),
    ]),
    role(SYSTEM, 'system::leader-locking-kube-controller-manager', [
      rule('watch').groups('').resources('configmaps').build(),
      rule('get', 'update')
        .groups('')
        .resources('configmaps')
        .resourceNames('kube-controller-manager')
        .build(),
    ]),
    role(SYSTEM, 'system::leader-locking-kube-scheduler', [
      rule('watch').groups('').resources('configmaps').build(),
      rule('get', 'update')
        .groups('')
        .resources('configmaps')
        .resourceNames('kube-scheduler')
        .build(),
    ]),
    role(PUBLIC, `${CONTROLLER_ROLE_PREFIX}bootstrap-signer`, [
      rule('get', 'list', 'watch').groups('').resources('configmaps').build(),
      rule('update').groups('').resources('configmaps').resourceNames('cluster-info').build(),
      eventsRule(),
    ]),
  ];
}

export function namespaceRoleBindings(): RoleBinding[] {
  return [
    binding(
      SYSTEM,
      'extension-apiserver-authentication-reader',
      [userSubject('system:kube-controller-manager'), userSubject('system:kube-scheduler')],
      'system::extension-apiserver-authentication-reader',
    ),
    binding(SYSTEM, 'system::leader-locking-kube-controller-manager', [
      userSubject('system:kube-controller-manager'),
      serviceAccountSubject(SYSTEM, 'kube-controller-manager'),
    ]),
    binding(SYSTEM, 'system::leader-locking-kube-scheduler', [
      userSubject('system:kube-scheduler'),
      serviceAccountSubject(SYSTEM, 'kube-scheduler'),
    ]),
    binding(SYSTEM, `${CONTROLLER_ROLE_PREFIX}bootstrap-signer`, [
      serviceAccountSubject(SYSTEM, 'bootstrap-signer'),
    ]),
    binding(SYSTEM, `${CONTROLLER_ROLE_PREFIX}cloud-provider`, [
      serviceAccountSubject(SYSTEM, 'cloud-provider'),
    ]),
    binding(SYSTEM, `${CONTROLLER_ROLE_PREFIX}token-cleaner`, [
      serviceAccountSubject(SYSTEM, 'token-cleaner'),
    ]),
    binding(PUBLIC, `${CONTROLLER_ROLE_PREFIX}bootstrap-signer`, [
      serviceAccountSubject(SYSTEM, 'bootstrap-signer'),
    ]),
  ];
}
