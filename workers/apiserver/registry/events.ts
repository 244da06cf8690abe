// Events, stored once as core/v1 Events and served in two versions (pkg/registry/core/event,
// pkg/apis/events/v1/conversion.go): events.k8s.io/v1 renames involvedObject → regarding,
// message → note, source → deprecatedSource and the timestamps/count → deprecated*, and its
// create validation is strict where core/v1's is lenient.

import type { Event as CoreEvent } from 'kubernetes-types/core/v1';
import { field, type FieldError } from '../../api/errors.ts';
import { builtinType } from '../../api/resources.ts';
import type { KubeObject } from '../../client/protocol.ts';
import type { Strategy } from './strategy.ts';

const CORE_EVENT_TYPE = builtinType('', 'events');
const EVENTS_V1_TYPE = builtinType('events.k8s.io', 'events');

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

function rename(
  object: KubeObject,
  pairs: readonly (readonly [string, string])[],
  apiVersion: string,
): KubeObject {
  const source = object as unknown as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  const renamed = new Map(pairs);
  for (const [key, value] of Object.entries(source)) {
    if (value === undefined) continue;
    result[renamed.get(key) ?? key] = value;
  }
  result.apiVersion = apiVersion;
  result.kind = 'Event';
  return result;
}

export function toCoreEvent(object: KubeObject): KubeObject {
  return rename(object, RENAMES, 'v1');
}

export function toEventsV1(object: KubeObject): KubeObject {
  return rename(
    object,
    RENAMES.map(([v1, core]) => [core, v1] as const),
    'events.k8s.io/v1',
  );
}

function eventFields(object: KubeObject): Record<string, string> {
  const event = object as CoreEvent & { reportingComponent?: string };
  // A zero ObjectReference when absent, as Go sees it (the selector check probes an empty event).
  const involved = (event.involvedObject as CoreEvent['involvedObject'] | undefined) ?? {};
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
    source: event.source?.component || (event.reportingComponent ?? ''),
    type: event.type ?? '',
  };
}

type StoredEvent = CoreEvent & { eventTime?: string; reportingComponent?: string };

/**
 * legacyValidateEvent: the only check for classic events; events with an eventTime (new-style
 * recorders) must name their reporter, instance, action and reason.
 */
function legacyValidate(event: StoredEvent, reporterField: string): FieldError[] {
  const errors: FieldError[] = [];
  const namespace = event.metadata?.namespace ?? '';
  const involvedNamespace =
    (event.involvedObject as StoredEvent['involvedObject'] | undefined)?.namespace ?? '';
  const mismatch = (): FieldError =>
    field.invalid('involvedObject.namespace', involvedNamespace, 'does not match event.namespace');
  if (!event.eventTime) {
    if (
      involvedNamespace === ''
        ? namespace !== '' && namespace !== 'default'
        : namespace !== involvedNamespace
    )
      errors.push(mismatch());
    return errors;
  }
  if (involvedNamespace === '' && namespace !== 'default' && namespace !== 'kube-system')
    errors.push(mismatch());
  const limited = (path: string, value: string | undefined, limit: number): void => {
    if (!value) errors.push(field.required(path));
    else if (value.length > limit)
      errors.push(field.invalid(path, '', `can have at most ${limit} characters`));
  };
  if (!event.reportingComponent) errors.push(field.required(reporterField));
  limited('reportingInstance', event.reportingInstance, 128);
  limited('action', event.action, 128);
  limited('reason', event.reason, 128);
  if ((event.message ?? '').length > 1024)
    errors.push(field.invalid('message', '', 'can have at most 1024 characters'));
  return errors;
}

function validateCoreEvent(object: KubeObject): FieldError[] {
  return legacyValidate(object as StoredEvent, 'reportingComponent');
}

/** events.k8s.io/v1 (ValidateEventCreate): strict, though paths keep the core field names. */
function validateEventsV1(object: KubeObject): FieldError[] {
  const event = object as StoredEvent;
  const errors = legacyValidate(event, 'reportingController');
  if (!event.eventTime) errors.push(field.required('eventTime'));
  if (event.type !== 'Normal' && event.type !== 'Warning')
    errors.push(field.invalid('type', '', `has invalid value: ${event.type ?? ''}`));
  if (event.firstTimestamp) errors.push(field.invalid('firstTimestamp', '', 'needs to be unset'));
  if (event.lastTimestamp) errors.push(field.invalid('lastTimestamp', '', 'needs to be unset'));
  if (event.count) errors.push(field.invalid('count', '', 'needs to be unset'));
  if (event.source?.component || event.source?.host)
    errors.push(field.invalid('source', '', 'needs to be unset'));
  return errors;
}

/** events.k8s.io/v1 names its field labels after its own fields (pkg/apis/events/v1/conversion.go). */
function eventsV1Fields(object: KubeObject): Record<string, string> {
  const core = eventFields(object);
  const fields: Record<string, string> = {
    'metadata.name': core['metadata.name'] ?? '',
    'metadata.namespace': core['metadata.namespace'] ?? '',
    reason: core.reason ?? '',
    reportingController: core.reportingComponent ?? '',
    type: core.type ?? '',
  };
  for (const part of [
    'kind',
    'namespace',
    'name',
    'uid',
    'apiVersion',
    'resourceVersion',
    'fieldPath',
  ]) {
    fields[`regarding.${part}`] = core[`involvedObject.${part}`] ?? '';
  }
  return fields;
}

export const coreEventStrategy: Strategy = {
  type: CORE_EVENT_TYPE,
  validate: validateCoreEvent,
  validateUpdate: validateCoreEvent,
  selectableFields: eventFields,
  allowCreateOnUpdate: true,
  expiresAfterEventTtl: true,
};

export const eventsV1Strategy: Strategy = {
  type: EVENTS_V1_TYPE,
  validate: validateEventsV1,
  validateUpdate: validateEventsV1,
  selectableFields: eventsV1Fields,
  allowCreateOnUpdate: true,
  expiresAfterEventTtl: true,
  toStorage: toCoreEvent,
  fromStorage: toEventsV1,
};
