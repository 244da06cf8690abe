// printRoleBinding and printClusterRoleBinding of pkg/printers/internalversion/printers.go, with
// rbac.SubjectsStrings for the wide USERS/GROUPS/SERVICEACCOUNTS columns. Roles and ClusterRoles
// have no printer upstream: they get the default NAME/CREATED AT table.

import type { ClusterRoleBinding, RoleBinding, Subject } from 'kubernetes-types/rbac/v1';
import { AGE_COLUMN, NAME_COLUMN, ageOf, column, nameOf, printer, wide } from './table.ts';

/** Users, groups and service accounts (`namespace/name`), in subject order. */
function subjectsStrings(subjects: readonly Subject[]): [string, string, string] {
  const pick = (kind: string, text: (subject: Subject) => string): string =>
    subjects
      .filter((subject) => subject.kind === kind)
      .map(text)
      .join(', ');
  return [
    pick('User', (subject) => subject.name),
    pick('Group', (subject) => subject.name),
    pick('ServiceAccount', (subject) => `${subject.namespace ?? ''}/${subject.name}`),
  ];
}

function bindingColumns(kind: 'roleBinding' | 'clusterRoleBinding', roleRefDoc: string) {
  return [
    NAME_COLUMN,
    column('Role', 'string', roleRefDoc),
    AGE_COLUMN,
    column('Users', 'string', `Users in the ${kind}`, wide),
    column('Groups', 'string', `Groups in the ${kind}`, wide),
    column('ServiceAccounts', 'string', `ServiceAccounts in the ${kind}`, wide),
  ];
}

function bindingCells(binding: RoleBinding | ClusterRoleBinding, now: number) {
  return [
    nameOf(binding),
    `${binding.roleRef.kind}/${binding.roleRef.name}`,
    ageOf(binding, now),
    ...subjectsStrings(binding.subjects ?? []),
  ];
}

export const roleBindingPrinter = printer(
  bindingColumns(
    'roleBinding',
    'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error.',
  ),
  bindingCells,
);

export const clusterRoleBindingPrinter = printer(
  bindingColumns(
    'clusterRoleBinding',
    'RoleRef can only reference a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error.',
  ),
  bindingCells,
);
