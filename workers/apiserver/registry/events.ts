// Events, stored once as core/v1 Events and served in two versions (pkg/registry/core/event,
// pkg/apis/events/v1/conversion.go): events.k8s.io/v1 renames involvedObject → regarding,
// message → note, source → deprecatedSource and the timestamps/count → deprecated*, and its
// create validation is strict where core/v1's is lenient.

import type { Event as CoreEvent } from 'kubernetes-types/core/v1';
import { field, type FieldError } from '../../api/errors.ts';
import { BUILTIN_RESOURCES, type ResourceType } from '../../api/resources.ts';
import type { KubeObject } from '../../client/protocol.ts';
import type { Strategy } from './strategy.ts';

const CORE_EVENT_TYPE = BUILTIN_RESOURCES.find((type) => type.kind === 'Event' && type.group === '') as ResourceType;
const EVENTS_V1_TYPE = BUILTIN_RESOURCES.find((type) => type.kind === 'Event' && type.group === 'events.k8s.io') as ResourceType;

/** events.k8s.io/v1 field → core/v1 field. Fields with the same name are copied as they are. */
const RENAMES: readonly (readonly [string, string])[] = [
  ['regarding', 'involvedObject'],
  ['note', 'message'],
  ['deprecatedSource', 'source'],
  ['deprecatedFirstTimestamp', 'firstTimestamp'],
  ['deprecatedLastTimestamp', 'lastTimestamp'],
  ['deprecatedCount', 'count'],
  ['reportingController', 'reportingComponent'],
];

function rename(object: KubeObject, pairs: readonly (readonly [string, string])[], apiVersion: string): KubeObject {
  const source = object as unknown as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  const renamed = new Map(pairs);
  for (const [key, value] of Object.entries(source)) {
    if (value === undefined) continue;
    result[renamed.get(key) ?? key] = value;
  }
  result.apiVersion = apiVersion;
  result.kind = 'Event';
  return result as KubeObject;
}

export function toCoreEvent(object: KubeObject): KubeObject {
  return rename(object, RENAMES, 'v1');
}

export function toEventsV1(object: KubeObject): KubeObject {
  return rename(object, RENAMES.map(([v1, core]) => [core, v1] as const), 'events.k8s.io/v1');
}

function eventFields(object: KubeObject): Record<string, string> {
  const event = object as CoreEvent;
  const involved = event.involvedObject;
  return {
    'metadata.name': event.metadata?.name ?? '',
    'metadata.namespace': event.metadata?.namespace ?? '',
    'involvedObject.kind': involved.kind ?? '',
    'involvedObject.namespace': involved.namespace ?? '',
    'involvedObject.name': involved.name ?? '',
    'involvedObject.uid': involved.uid ?? '',
    'involvedObject.apiVersion': involved.apiVersion ?? '',
    'involvedObject.resourceVersion': involved.resourceVersion ?? '',
    'involvedObject.fieldPath': involved.fieldPath ?? '',
    reason: event.reason ?? '',
    reportingComponent: event.reportingComponent ?? '',
    source: event.source?.component ?? '',
    type: event.type ?? '',
  };
}

function validateType(event: CoreEvent): FieldError[] {
  if (event.type === undefined || event.type === '' || event.type === 'Normal' || event.type === 'Warning') return [];
  return [field.invalid('type', event.type, 'has invalid value: Normal or Warning')];
}

/** core/v1: only the involved object's namespace is checked (legacy clients write the rest freely). */
function validateCoreEvent(object: KubeObject): FieldError[] {
  const event = object as CoreEvent;
  const errors = validateType(event);
  const namespace = event.metadata?.namespace ?? '';
  const involvedNamespace = event.involvedObject.namespace ?? '';
  if (involvedNamespace !== '' && involvedNamespace !== namespace) {
    errors.push(field.invalid('involvedObject.namespace', involvedNamespace, 'does not match event.namespace'));
  }
  return errors;
}

/** events.k8s.io/v1 requires the fields its recorder always sets (ValidateEventCreate). */
function validateEventsV1(object: KubeObject): FieldError[] {
  const event = object as CoreEvent & { eventTime?: string };
  const errors = validateCoreEvent(object);
  if (!event.eventTime) errors.push(field.required('eventTime'));
  if (!event.reportingComponent) errors.push(field.required('reportingController'));
  if (!event.reportingInstance) errors.push(field.required('reportingInstance'));
  if (!event.action) errors.push(field.required('action'));
  if (!event.reason) errors.push(field.required('reason'));
  if ((event.message ?? '').length > 1024) errors.push(field.tooLong('note', '', 1024));
  return errors;
}

export const coreEventStrategy: Strategy = {
  type: CORE_EVENT_TYPE,
  validate: validateCoreEvent,
  validateUpdate: validateCoreEvent,
  selectableFields: eventFields,
  allowCreateOnUpdate: true,
};

export const eventsV1Strategy: Strategy = {
  type: EVENTS_V1_TYPE,
  validate: validateEventsV1,
  validateUpdate: validateEventsV1,
  selectableFields: eventFields,
  allowCreateOnUpdate: true,
  toStorage: toCoreEvent,
  fromStorage: toEventsV1,
};
