// Models k8s.io/apimachinery pkg/util/validation/validation.go (name and label formats),
// pkg/api/validation/{generic,objectmeta}.go and pkg/apis/meta/v1/validation (ValidateLabels).
// Leaves out ownerReferences (their messages print Go structs) and managedFields.

import {
  field,
  fieldPath,
  goValue,
  type FieldError,
  type FieldPath,
  type GoSyntax,
  type PathLike,
} from './errors.ts';

export function maxLenError(length: number): string {
  return `must be no more than ${length} characters`;
}

/**
 * validation.RegexError: `<msg> (e.g. 'a',  or 'b', regex used for validation is '<re>')`. Each
 * example ends in `', '` and the joiner is `' or '`, hence the two spaces before `or`.
 */
export function regexError(message: string, format: string, ...examples: string[]): string {
  if (examples.length === 0) return `${message} (regex used for validation is '${format}')`;
  const eg = examples.map((e) => `'${e}', `).join(' or ');
  return `${message} (e.g. ${eg}regex used for validation is '${format}')`;
}

export function emptyError(): string {
  return 'must be non-empty';
}

const anchored = (format: string): RegExp => new RegExp(`^(?:${format})$`);

// Lengths are in bytes upstream (Go's len); the formats only admit ASCII, so UTF-8 length
// matters only for rejecting non-ASCII input, which the regex rejects anyway.
const byteLength = (value: string): number => new TextEncoder().encode(value).length;

const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QUALIFIED_NAME_ERR =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const QUALIFIED_NAME_MAX = 63;

const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;
const LABEL_VALUE_ERR =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_MAX = 63;

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_LABEL_ERR =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const DNS1123_LABEL_MAX = 63;

const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_SUBDOMAIN_ERR =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_MAX = 253;

const DNS1035_LABEL_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const DNS1035_LABEL_ERR =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
const DNS1035_LABEL_MAX = 63;

const QUALIFIED_NAME_RE = anchored(QUALIFIED_NAME_FMT);
const LABEL_VALUE_RE = anchored(LABEL_VALUE_FMT);
const DNS1123_LABEL_RE = anchored(DNS1123_LABEL_FMT);
const DNS1123_SUBDOMAIN_RE = anchored(DNS1123_SUBDOMAIN_FMT);
const DNS1035_LABEL_RE = anchored(DNS1035_LABEL_FMT);

/** Each function returns the failure details; an empty list means valid. */
export function isDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > DNS1123_SUBDOMAIN_MAX) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX));
  if (!DNS1123_SUBDOMAIN_RE.test(value)) {
    errs.push(regexError(DNS1123_SUBDOMAIN_ERR, DNS1123_SUBDOMAIN_FMT, 'example.com'));
  }
  return errs;
}

export function isDNS1123Label(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > DNS1123_LABEL_MAX) errs.push(maxLenError(DNS1123_LABEL_MAX));
  if (!DNS1123_LABEL_RE.test(value)) {
    // A valid subdomain that is not a valid label can only be failing on its dots.
    errs.push(
      DNS1123_SUBDOMAIN_RE.test(value)
        ? 'must not contain dots'
        : regexError(DNS1123_LABEL_ERR, DNS1123_LABEL_FMT, 'my-name', '123-abc'),
    );
  }
  return errs;
}

export function isDNS1035Label(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > DNS1035_LABEL_MAX) errs.push(maxLenError(DNS1035_LABEL_MAX));
  if (!DNS1035_LABEL_RE.test(value)) {
    errs.push(regexError(DNS1035_LABEL_ERR, DNS1035_LABEL_FMT, 'my-name', 'abc-123'));
  }
  return errs;
}

/** A label key, annotation key or finalizer: an optional DNS subdomain prefix, `/`, a name. */
export function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  const nameRegexError = regexError(
    QUALIFIED_NAME_ERR,
    QUALIFIED_NAME_FMT,
    'MyName',
    'my.name',
    '123-abc',
  );
  if (parts.length > 2) {
    return [
      `a qualified name ${nameRegexError} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  const name = parts.length === 2 ? (parts[1] ?? '') : value;
  if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    if (prefix === '') errs.push(`prefix part ${emptyError()}`);
    else errs.push(...isDNS1123Subdomain(prefix).map((msg) => `prefix part ${msg}`));
  }
  if (name === '') errs.push(`name part ${emptyError()}`);
  else if (byteLength(name) > QUALIFIED_NAME_MAX) {
    errs.push(`name part ${maxLenError(QUALIFIED_NAME_MAX)}`);
  }
  if (!QUALIFIED_NAME_RE.test(name)) errs.push(`name part ${nameRegexError}`);
  return errs;
}

export function isValidLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > LABEL_VALUE_MAX) errs.push(maxLenError(LABEL_VALUE_MAX));
  if (!LABEL_VALUE_RE.test(value)) {
    errs.push(regexError(LABEL_VALUE_ERR, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  }
  return errs;
}

// --- object metadata ------------------------------------------------------------------------

/** ValidateNameFunc: `prefix` is true for a generateName, which may end in a dash. */
export type NameValidator = (name: string, prefix: boolean) => string[];

// Upstream's maskTrailingDash drops the last two characters before appending 'a'; mirrored
// as is, since it decides which generateName values are accepted.
function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith('-') ? `${name.slice(0, -2)}a` : name;
}

const prefixTolerant =
  (check: (value: string) => string[]): NameValidator =>
  (name, prefix) =>
    check(prefix ? maskTrailingDash(name) : name);

/** Most kinds: Pods, Deployments, ConfigMaps, Nodes, ... */
export const nameIsDNSSubdomain: NameValidator = prefixTolerant(isDNS1123Subdomain);
/** Namespaces (and the namespace field of every namespaced object). */
export const nameIsDNSLabel: NameValidator = prefixTolerant(isDNS1123Label);
/** Services. */
export const nameIsDNS1035Label: NameValidator = prefixTolerant(isDNS1035Label);

export const TOTAL_ANNOTATION_SIZE_LIMIT_B = 256 * 1024;

export interface ObjectMetaInput {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string | null;
  deletionTimestamp?: string | null;
  deletionGracePeriodSeconds?: number | null;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
}

export interface ObjectMetaOptions {
  namespaced: boolean;
  /** Defaults to nameIsDNSSubdomain, the rule of most kinds. */
  nameValidator?: NameValidator;
}

const under = (path: PathLike, name: string): FieldPath =>
  typeof path === 'string' ? fieldPath(path, name) : path.child(name);

/**
 * ValidateObjectMetaAccessor, on create, after name generation. Errors come in upstream's
 * order; labels and annotations in the object's key order (upstream iterates a Go map).
 */
export function validateObjectMeta(
  meta: ObjectMetaInput,
  options: ObjectMetaOptions,
  path: PathLike = 'metadata',
): FieldError[] {
  const errs: FieldError[] = [];
  const { name = '', generateName = '', namespace = '' } = meta;
  const nameValidator = options.nameValidator ?? nameIsDNSSubdomain;
  if (generateName !== '') {
    for (const msg of nameValidator(generateName, true)) {
      errs.push(field.invalid(under(path, 'generateName'), generateName, msg));
    }
  }
  if (name === '') {
    errs.push(field.required(under(path, 'name'), 'name or generateName is required'));
  } else {
    for (const msg of nameValidator(name, false)) {
      errs.push(field.invalid(under(path, 'name'), name, msg));
    }
  }
  if (options.namespaced && namespace === '') {
    errs.push(field.required(under(path, 'namespace')));
  } else if (options.namespaced) {
    for (const msg of nameIsDNSLabel(namespace, false)) {
      errs.push(field.invalid(under(path, 'namespace'), namespace, msg));
    }
  } else if (namespace !== '') {
    errs.push(field.forbidden(under(path, 'namespace'), 'not allowed on this type'));
  }
  if (meta.generation !== undefined && meta.generation < 0) {
    errs.push(
      field.invalid(
        under(path, 'generation'),
        meta.generation,
        'must be greater than or equal to 0',
      ),
    );
  }
  errs.push(...validateLabels(meta.labels ?? {}, under(path, 'labels')));
  errs.push(...validateAnnotations(meta.annotations ?? {}, under(path, 'annotations')));
  errs.push(...validateFinalizers(meta.finalizers ?? [], under(path, 'finalizers')));
  return errs;
}

/** Go prints a metav1.Time with time.Time's String(): `2025-01-15 10:04:05 +0000 UTC`. */
function goTime(timestamp: string | null | undefined): GoSyntax | null {
  if (timestamp === null || timestamp === undefined) return null;
  const utc = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d(?:\.\d+)?)Z$/.exec(timestamp);
  return { goSyntax: utc ? `${utc[1] ?? ''} ${utc[2] ?? ''} +0000 UTC` : timestamp };
}

const IMMUTABLE = 'field is immutable';

/** ValidateObjectMetaAccessorUpdate: what an update may not change in metadata. */
export function validateObjectMetaUpdate(
  meta: ObjectMetaInput,
  old: ObjectMetaInput,
  path: PathLike = 'metadata',
): FieldError[] {
  const errs: FieldError[] = [];
  if (old.deletionTimestamp) {
    const added = (meta.finalizers ?? []).filter((f) => !(old.finalizers ?? []).includes(f));
    if (added.length > 0) {
      const found = [...new Set(added)].sort();
      errs.push(
        field.forbidden(
          under(path, 'finalizers'),
          `no new finalizers can be added if the object is being deleted, found new finalizers ${goValue(found)}`,
        ),
      );
    }
  }
  if (!meta.resourceVersion) {
    errs.push(field.invalid(under(path, 'resourceVersion'), '', 'must be specified for an update'));
  }
  if ((meta.generation ?? 0) < (old.generation ?? 0)) {
    errs.push(
      field.invalid(under(path, 'generation'), meta.generation ?? 0, 'must not be decremented'),
    );
  }
  const immutable = (name: string, value: unknown, oldValue: unknown, shown = value): void => {
    if (value !== oldValue) errs.push(field.invalid(under(path, name), shown, IMMUTABLE));
  };
  immutable('name', meta.name ?? '', old.name ?? '');
  immutable('namespace', meta.namespace ?? '', old.namespace ?? '');
  immutable('uid', meta.uid ?? '', old.uid ?? '');
  const created = meta.creationTimestamp ?? null;
  immutable('creationTimestamp', created, old.creationTimestamp ?? null, goTime(created));
  const deleted = meta.deletionTimestamp ?? null;
  immutable('deletionTimestamp', deleted, old.deletionTimestamp ?? null, goTime(deleted));
  const grace = meta.deletionGracePeriodSeconds ?? null;
  immutable('deletionGracePeriodSeconds', grace, old.deletionGracePeriodSeconds ?? null);
  errs.push(...validateLabels(meta.labels ?? {}, under(path, 'labels')));
  errs.push(...validateAnnotations(meta.annotations ?? {}, under(path, 'annotations')));
  return errs;
}

/** Finalizers are qualified names; orphaning and foreground deletion exclude each other. */
export function validateFinalizers(finalizers: string[], path: PathLike): FieldError[] {
  const errs: FieldError[] = [];
  for (const finalizer of finalizers) {
    for (const msg of isQualifiedName(finalizer)) errs.push(field.invalid(path, finalizer, msg));
  }
  if (finalizers.includes('orphan') && finalizers.includes('foregroundDeletion')) {
    errs.push(
      field.invalid(path, finalizers, 'finalizer orphan and foregroundDeletion cannot be both set'),
    );
  }
  return errs;
}

/** meta/v1 validation.ValidateLabels: every error reported at the labels path itself. */
export function validateLabels(labels: Record<string, string>, path: PathLike): FieldError[] {
  const errs: FieldError[] = [];
  for (const [key, value] of Object.entries(labels)) {
    for (const msg of isQualifiedName(key)) errs.push(field.invalid(path, key, msg));
    for (const msg of isValidLabelValue(value)) errs.push(field.invalid(path, value, msg));
  }
  return errs;
}

/** Keys are qualified names in any case; keys plus values may total 256 KiB. */
export function validateAnnotations(
  annotations: Record<string, string>,
  path: PathLike,
): FieldError[] {
  const errs: FieldError[] = [];
  let totalSize = 0;
  for (const [key, value] of Object.entries(annotations)) {
    for (const msg of isQualifiedName(key.toLowerCase())) errs.push(field.invalid(path, key, msg));
    totalSize += byteLength(key) + byteLength(value);
  }
  if (totalSize > TOTAL_ANNOTATION_SIZE_LIMIT_B) {
    errs.push(field.tooLong(path, '', TOTAL_ANNOTATION_SIZE_LIMIT_B));
  }
  return errs;
}
