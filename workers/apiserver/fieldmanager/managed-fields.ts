// metadata.managedFields and the in-memory form the field manager works on
// (apimachinery pkg/util/managedfields/internal/managedfields.go, fields.go, conflict.go): one
// field set per manager identifier (manager + operation + apiVersion for updates +
// subresource), decoded from and encoded to FieldsV1 entries sorted as upstream sorts them.

import type { ManagedFieldsEntry } from 'kubernetes-types/meta/v1';
import { goQuote } from '../../api/errors.ts';
import { FieldSet } from './fieldpath.ts';

export type Operation = 'Apply' | 'Update';

export interface VersionedSet {
  readonly set: FieldSet;
  readonly apiVersion: string;
  /** Whether the set came from an Apply. */
  readonly applied: boolean;
}

/** Managers by identifier (the JSON BuildManagerIdentifier produces), and their times. */
export interface Managed {
  fields: Map<string, VersionedSet>;
  times: Map<string, string | undefined>;
}

export interface ManagerInfo {
  manager: string;
  operation: Operation;
  apiVersion: string;
  subresource?: string;
}

/**
 * BuildManagerIdentifier: the entry as JSON without time and fields (and without apiVersion for
 * Apply), in ManagedFieldsEntry's field order with empty fields omitted.
 */
export function managerIdentifier(info: ManagerInfo): string {
  const entry: Record<string, string> = {};
  if (info.manager) entry.manager = info.manager;
  entry.operation = info.operation;
  if (info.operation !== 'Apply' && info.apiVersion) entry.apiVersion = info.apiVersion;
  if (info.subresource) entry.subresource = info.subresource;
  return JSON.stringify(entry);
}

const parsedIdentifiers = new Map<string, Partial<ManagerInfo>>();

function parseIdentifier(identifier: string): Partial<ManagerInfo> {
  let info = parsedIdentifiers.get(identifier);
  if (!info) {
    info = JSON.parse(identifier) as Partial<ManagerInfo>;
    parsedIdentifiers.set(identifier, info);
  }
  return info;
}

/** The FieldsV1 a decoded set came from: an unchanged set is written back as it was read. */
const decodedFields = new WeakMap<FieldSet, object>();

/**
 * Sets by their FieldsV1 text: objects of one shape (pods of one template, their status) carry
 * the same sets, which are immutable once built, so each is parsed once.
 */
const setsByText = new Map<string, FieldSet>();
const SETS_BY_TEXT_LIMIT = 4096;

function decodeSet(fields: object | undefined): FieldSet {
  if (!fields) return FieldSet.fromFieldsV1({});
  const text = JSON.stringify(fields);
  let set = setsByText.get(text);
  if (!set) {
    if (setsByText.size >= SETS_BY_TEXT_LIMIT) setsByText.clear();
    set = FieldSet.fromFieldsV1(fields);
    decodedFields.set(set, fields);
    setsByText.set(text, set);
  }
  return set;
}

export function emptyManaged(): Managed {
  return { fields: new Map(), times: new Map() };
}

/** DecodeManagedFields; throws with upstream's text when an entry is malformed. */
export function decodeManagedFields(entries: readonly ManagedFieldsEntry[]): Managed {
  const managed = emptyManaged();
  for (const [index, entry] of entries.entries()) {
    if (entry.operation !== 'Apply' && entry.operation !== 'Update') {
      throw new Error('operation must be `Apply` or `Update`');
    }
    if (!entry.apiVersion) throw new Error('apiVersion must not be empty');
    if (!entry.fieldsType) throw new Error(`missing fieldsType in managed fields entry ${index}`);
    if (entry.fieldsType !== 'FieldsV1') {
      throw new Error(
        `invalid fieldsType ${goQuote(entry.fieldsType)} in managed fields entry ${index}`,
      );
    }
    const identifier = managerIdentifier({
      manager: entry.manager ?? '',
      operation: entry.operation,
      apiVersion: entry.apiVersion,
      ...(entry.subresource ? { subresource: entry.subresource } : {}),
    });
    managed.fields.set(identifier, {
      set: decodeSet(entry.fieldsV1),
      apiVersion: entry.apiVersion,
      applied: entry.operation === 'Apply',
    });
    managed.times.set(identifier, entry.time);
  }
  return managed;
}

function seconds(time: string | undefined): number {
  return time === undefined ? 0 : Math.floor(Date.parse(time) / 1000);
}

function compareEntries(p: ManagedFieldsEntry, q: ManagedFieldsEntry): number {
  const order = (a: string | number, b: string | number): number => (a < b ? -1 : a > b ? 1 : 0);
  return (
    order(p.operation ?? '', q.operation ?? '') ||
    order(seconds(p.time), seconds(q.time)) ||
    order(p.manager ?? '', q.manager ?? '') ||
    order(p.apiVersion ?? '', q.apiVersion ?? '') ||
    order(p.subresource ?? '', q.subresource ?? '')
  );
}

/** encodeManagedFields: entries sorted by operation, time, manager, version, subresource. */
export function encodeManagedFields(managed: Managed): ManagedFieldsEntry[] | undefined {
  if (managed.fields.size === 0) return undefined;
  const entries: ManagedFieldsEntry[] = [];
  for (const [identifier, versioned] of managed.fields) {
    const info = parseIdentifier(identifier);
    const time = managed.times.get(identifier);
    const entry: ManagedFieldsEntry & Record<string, unknown> = {};
    if (info.manager) entry.manager = info.manager;
    entry.operation = versioned.applied ? 'Apply' : (info.operation ?? 'Update');
    entry.apiVersion = versioned.apiVersion;
    if (time !== undefined) entry.time = time;
    entry.fieldsType = 'FieldsV1';
    entry.fieldsV1 = decodedFields.get(versioned.set) ?? versioned.set.toFieldsV1();
    if (info.subresource) entry.subresource = info.subresource;
    entries.push(entry);
  }
  return entries.sort(compareEntries);
}

/** printManager: how conflict messages name a manager. */
export function printManager(identifier: string): string {
  let info: Partial<ManagerInfo>;
  try {
    info = parseIdentifier(identifier);
  } catch {
    return goQuote(identifier);
  }
  let text = goQuote(info.manager ?? '');
  if (info.subresource) text = `${text} with subresource ${goQuote(info.subresource)}`;
  if (info.operation === 'Update') return `${text} using ${info.apiVersion ?? ''}`;
  return text;
}
