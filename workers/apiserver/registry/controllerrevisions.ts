// ControllerRevisions (pkg/registry/apps/controllerrevision/strategy.go and
// ValidateControllerRevision[Update] of pkg/apis/apps/validation): immutable snapshots of a
// DaemonSet's or StatefulSet's template; data is required and may never change.

import type { ControllerRevision } from 'kubernetes-types/apps/v1';
import { field, type FieldError } from '../../api/errors.ts';
import { validateNonnegative } from '../../api/core-validation.ts';
import { builtinType } from '../../api/resources.ts';
import type { KubeObject } from '../../client/protocol.ts';
import type { Strategy } from './strategy.ts';

function validateControllerRevision(object: KubeObject): FieldError[] {
  const revision = object as ControllerRevision;
  const errors: FieldError[] = [];
  if (revision.data === undefined || revision.data === null)
    errors.push(field.required('data', 'data is mandatory'));
  errors.push(...validateNonnegative(revision.revision, 'revision'));
  return errors;
}

function validateControllerRevisionUpdate(object: KubeObject, old: KubeObject): FieldError[] {
  const errors = validateControllerRevision(object);
  const data = (object as ControllerRevision).data;
  if (JSON.stringify(data) !== JSON.stringify((old as ControllerRevision).data))
    errors.push(field.invalid('data', data ?? null, 'field is immutable'));
  return errors;
}

export const controllerRevisionStrategy: Strategy = {
  type: builtinType('apps', 'controllerrevisions'),
  validate: validateControllerRevision,
  validateUpdate: validateControllerRevisionUpdate,
};
