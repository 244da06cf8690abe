// Models k8s.io/apimachinery pkg/api/errors/errors.go (Status constructors) and
// pkg/util/validation/field/{errors,path}.go (field errors and their Error() text).
// Leaves out the client-side helpers (FromObject, NewGenericServerResponse) and FieldValueTypeInvalid.

export type StatusReason =
  | ''
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Gone'
  | 'Invalid'
  | 'ServerTimeout'
  | 'StorageReadError'
  | 'Timeout'
  | 'TooManyRequests'
  | 'BadRequest'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'RequestEntityTooLarge'
  | 'UnsupportedMediaType'
  | 'InternalError'
  | 'Expired'
  | 'ServiceUnavailable'
  // A remote command's exit status (client-go tools/remotecommand constants).
  | 'NonZeroExitCode';

export type FieldErrorType =
  | 'FieldValueNotFound'
  | 'FieldValueRequired'
  | 'FieldValueDuplicate'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'InternalError';

export type CauseType =
  | FieldErrorType
  | 'UnexpectedServerResponse'
  | 'FieldManagerConflict'
  | 'ResourceVersionTooLarge'
  | 'DisruptionBudget'
  | 'ExitCode';

export interface StatusCause {
  reason?: CauseType;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  /** The resource plural, except for Invalid where it is the Kind. */
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: StatusReason;
  details?: StatusDetails;
  code: number;
}

export interface GroupResource {
  group: string;
  resource: string;
}

export interface GroupKind {
  group: string;
  kind: string;
}

/** A parse failure returned as a value, carrying upstream's error text. */
export interface ParseError {
  error: string;
}

export function isParseError(x: unknown): x is ParseError {
  return typeof x === 'object' && x !== null && typeof (x as ParseError).error === 'string';
}

// --- field errors -------------------------------------------------------------------------

export interface FieldError {
  type: FieldErrorType;
  field: string;
  /** Absent when upstream omits the value from the message (TooMany with an unknown count). */
  badValue?: unknown;
  detail?: string;
}

/** field.Path: `spec.containers[0].image`, `metadata.labels[app]`. */
export class FieldPath {
  private constructor(private readonly text: string) {}

  static of(name: string, ...more: string[]): FieldPath {
    return new FieldPath([name, ...more].join('.'));
  }

  child(name: string, ...more: string[]): FieldPath {
    return new FieldPath([this.text, name, ...more].join('.'));
  }

  index(i: number): FieldPath {
    return new FieldPath(`${this.text}[${i}]`);
  }

  /** Map keys are not quoted, as upstream's Path.Key. */
  key(k: string): FieldPath {
    return new FieldPath(`${this.text}[${k}]`);
  }

  toString(): string {
    return this.text;
  }
}

export function fieldPath(name: string, ...more: string[]): FieldPath {
  return FieldPath.of(name, ...more);
}

/** Field errors take a path as text or as a FieldPath. */
export type PathLike = string | FieldPath;

const TYPE_TEXT: Record<FieldErrorType, string> = {
  FieldValueNotFound: 'Not found',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  InternalError: 'Internal error',
};

// Types whose message never shows the bad value (field.Error.ErrorBody).
const VALUELESS: ReadonlySet<FieldErrorType> = new Set([
  'FieldValueRequired',
  'FieldValueForbidden',
  'FieldValueTooLong',
  'InternalError',
]);

function fieldError(
  type: FieldErrorType,
  path: PathLike,
  badValue: unknown,
  detail?: string,
): FieldError {
  const error: FieldError = { type, field: String(path) };
  if (!VALUELESS.has(type)) error.badValue = badValue === undefined ? null : badValue;
  if (detail !== undefined && detail !== '') error.detail = detail;
  return error;
}

/** Field error constructors, named as upstream's `field.Required`, `field.Invalid`, ... */
export const field = {
  required: (path: PathLike, detail?: string): FieldError =>
    fieldError('FieldValueRequired', path, undefined, detail),
  invalid: (path: PathLike, value: unknown, detail: string): FieldError =>
    fieldError('FieldValueInvalid', path, value, detail),
  notSupported: (path: PathLike, value: unknown, validValues: readonly string[]): FieldError =>
    fieldError(
      'FieldValueNotSupported',
      path,
      value,
      validValues.length > 0
        ? `supported values: ${validValues.map((v) => goQuote(v)).join(', ')}`
        : undefined,
    ),
  duplicate: (path: PathLike, value: unknown): FieldError =>
    fieldError('FieldValueDuplicate', path, value),
  forbidden: (path: PathLike, detail: string): FieldError =>
    fieldError('FieldValueForbidden', path, undefined, detail),
  /** The value is never shown; a negative maxLength gives the generic text. */
  tooLong: (path: PathLike, _value: unknown, maxLength: number): FieldError =>
    fieldError(
      'FieldValueTooLong',
      path,
      undefined,
      maxLength >= 0 ? `may not be more than ${maxLength} bytes` : 'value is too long',
    ),
  /** A negative count or maximum is left out of the message, as upstream. */
  tooMany: (path: PathLike, actualQuantity: number, maxQuantity: number): FieldError => {
    const detail =
      maxQuantity >= 0 ? `must have at most ${maxQuantity} items` : 'has too many items';
    const error = fieldError('FieldValueTooMany', path, actualQuantity, detail);
    if (actualQuantity < 0) delete error.badValue;
    return error;
  },
  notFound: (path: PathLike, value: unknown): FieldError =>
    fieldError('FieldValueNotFound', path, value),
  internalError: (path: PathLike, err: string): FieldError =>
    fieldError('InternalError', path, undefined, err),
};

/** field.Error.ErrorBody(): the message without the field path. */
export function fieldErrorBody(error: FieldError): string {
  let body = TYPE_TEXT[error.type];
  if (!VALUELESS.has(error.type) && 'badValue' in error) body += `: ${goValue(error.badValue)}`;
  if (error.detail) body += `: ${error.detail}`;
  return body;
}

/** field.Error.Error(): `spec.containers[0].image: Required value`. */
export function fieldErrorString(error: FieldError): string {
  return `${error.field}: ${fieldErrorBody(error)}`;
}

/**
 * utilerrors.NewAggregate(...).Error() over messages: one → itself, several → `[a, b]`,
 * repeated messages dropped.
 */
export function aggregateMessage(messages: readonly string[]): string {
  const unique = [...new Set(messages)];
  if (unique.length === 1) return unique[0] ?? '';
  return `[${unique.join(', ')}]`;
}

// --- Status constructors ------------------------------------------------------------------

/** GroupResource.String(): `pods`, `deployments.apps`. */
export function groupResourceString(gr: GroupResource): string {
  return gr.group === '' ? gr.resource : `${gr.resource}.${gr.group}`;
}

/** GroupKind.String(): `Pod`, `Deployment.apps`. */
export function groupKindString(gk: GroupKind): string {
  return gk.group === '' ? gk.kind : `${gk.kind}.${gk.group}`;
}

// Key order and omitempty as metav1.Status's JSON: details sit between reason and code.
function failure(
  code: number,
  reason: StatusReason,
  message: string,
  details?: StatusDetails,
): Status {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    ...(message === '' ? {} : { message }),
    ...(reason === '' ? {} : { reason }),
    ...(details === undefined ? {} : { details: compactDetails(details) }),
    code,
  };
}

function compactDetails(details: StatusDetails): StatusDetails {
  const out: StatusDetails = {};
  if (details.name) out.name = details.name;
  if (details.group) out.group = details.group;
  if (details.kind) out.kind = details.kind;
  if (details.uid) out.uid = details.uid;
  if (details.causes && details.causes.length > 0) out.causes = details.causes;
  if (details.retryAfterSeconds) out.retryAfterSeconds = details.retryAfterSeconds;
  return out;
}

// How messages and details name one object: `pods "x"`, {name, group, kind: resource}.
const objectName = (gr: GroupResource, name: string): string =>
  `${groupResourceString(gr)} ${goQuote(name)}`;
const objectDetails = (gr: GroupResource, name: string): StatusDetails => ({
  name,
  group: gr.group,
  kind: gr.resource,
});

export const notFound = (gr: GroupResource, name: string): Status =>
  failure(404, 'NotFound', `${objectName(gr, name)} not found`, objectDetails(gr, name));

export const alreadyExists = (gr: GroupResource, name: string): Status =>
  failure(409, 'AlreadyExists', `${objectName(gr, name)} already exists`, objectDetails(gr, name));

/** The generateName clash: the name the server generated was already taken. */
export const generateNameConflict = (gr: GroupResource, name: string, retryAfter: number): Status =>
  failure(
    409,
    'AlreadyExists',
    `${objectName(gr, name)} already exists, the server was not able to generate a unique name for the object`,
    { ...objectDetails(gr, name), retryAfterSeconds: retryAfter },
  );

/** What the registry store passes to conflict() when a resourceVersion precondition fails. */
export const OptimisticLockErrorMsg =
  'the object has been modified; please apply your changes to the latest version and try again';

export const conflict = (gr: GroupResource, name: string, err: string): Status =>
  failure(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${objectName(gr, name)}: ${err}`,
    objectDetails(gr, name),
  );

/** Without a name: `<gr> is forbidden: ...`; with an empty GroupResource: `forbidden: ...`. */
export function forbidden(gr: GroupResource, name: string, reason: string): Status {
  const grText = groupResourceString(gr);
  let message = `${objectName(gr, name)} is forbidden: ${reason}`;
  if (grText === '') message = `forbidden: ${reason}`;
  else if (name === '') message = `${grText} is forbidden: ${reason}`;
  return failure(403, 'Forbidden', message, objectDetails(gr, name));
}

/** The message names the Kind, and so does details.kind (not the resource). */
export function invalid(gk: GroupKind, name: string, errs: readonly FieldError[]): Status {
  const causes = errs.map((e): StatusCause => ({
    reason: e.type,
    message: fieldErrorBody(e),
    field: e.field,
  }));
  const head = `${groupKindString(gk)} ${goQuote(name)} is invalid`;
  const message =
    errs.length === 0 ? head : `${head}: ${aggregateMessage(errs.map(fieldErrorString))}`;
  return failure(422, 'Invalid', message, { name, group: gk.group, kind: gk.kind, causes });
}

export const methodNotSupported = (gr: GroupResource, action: string): Status =>
  failure(
    405,
    'MethodNotAllowed',
    `${action} is not supported on resources of kind ${goQuote(groupResourceString(gr))}`,
    { group: gr.group, kind: gr.resource },
  );

/** An empty message becomes `not authorized`; the authentication filter passes `Unauthorized`. */
export const unauthorized = (message = ''): Status =>
  failure(401, 'Unauthorized', message === '' ? 'not authorized' : message);

export const badRequest = (message: string): Status => failure(400, 'BadRequest', message);

export const internalError = (err: string): Status =>
  failure(500, 'InternalError', `Internal error occurred: ${err}`, { causes: [{ message: err }] });

/** NewResourceExpired: a compacted resourceVersion or continue token. */
export const expired = (message: string): Status => failure(410, 'Expired', message);

export const gone = (message: string): Status => failure(410, 'Gone', message);

/** NewTimeoutError (504); its details object is present even when empty. */
export const timeout = (message: string, retryAfterSeconds = 0): Status =>
  failure(504, 'Timeout', `Timeout: ${message}`, { retryAfterSeconds });

/** NewServerTimeout (500): storage gave up on an operation, named in details.name. */
export const serverTimeout = (gr: GroupResource, operation: string, retryAfter: number): Status =>
  failure(
    500,
    'ServerTimeout',
    `The ${operation} operation against ${groupResourceString(gr)} could not be completed at this time, please try again.`,
    { ...objectDetails(gr, operation), retryAfterSeconds: retryAfter },
  );

/** NewTooManyRequestsError. */
export const tooManyRequests = (message: string): Status =>
  failure(429, 'TooManyRequests', `Too many requests: ${message}`);

/** NewTooManyRequests: the message is kept as is and a retry delay attached. */
export const tooManyRequestsRetryAfter = (message: string, retryAfterSeconds: number): Status =>
  failure(429, 'TooManyRequests', message, { retryAfterSeconds });

export const requestEntityTooLarge = (message: string): Status =>
  failure(413, 'RequestEntityTooLarge', `Request entity too large: ${message}`);

/** k8s.io/apiserver handlers/negotiation errUnsupportedMediaType. */
export const unsupportedMediaType = (accepted: readonly string[]): Status =>
  failure(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
  );

/** k8s.io/apiserver handlers/negotiation errNotAcceptable. */
export const notAcceptable = (accepted: readonly string[]): Status =>
  failure(
    406,
    'NotAcceptable',
    `only the following media types are accepted: ${accepted.join(', ')}`,
  );

/** NewApplyConflict: a server-side apply that would take fields from other managers. */
export const applyConflict = (causes: StatusCause[], message: string): Status =>
  failure(409, 'Conflict', message, { causes });

/** NewGenericServerResponse's reason and generic text per code; 403 and 415 keep the server's. */
const GENERIC_RESPONSES: Partial<Record<number, [StatusReason, string | null]>> = {
  400: ['BadRequest', 'the server rejected our request for an unknown reason'],
  401: ['Unauthorized', 'the server has asked for the client to provide credentials'],
  403: ['Forbidden', null],
  404: ['NotFound', 'the server could not find the requested resource'],
  405: ['MethodNotAllowed', 'the server does not allow this method on the requested resource'],
  409: ['Conflict', 'the server reported a conflict'],
  415: ['UnsupportedMediaType', null],
  422: ['Invalid', 'the server rejected our request due to an error in our request'],
  429: [
    'TooManyRequests',
    'the server has received too many requests and has asked us to try again later',
  ],
  503: ['ServiceUnavailable', 'the server is currently unable to handle the request'],
  504: [
    'Timeout',
    'the server was unable to return a response in the time allotted, but may still be processing the request',
  ],
};

/**
 * NewGenericServerResponse: a Status for an answer that carried none, worded by its code, with
 * `(<verb> <resource> <name>)` appended when a resource is named.
 */
export function genericServerResponse(
  code: number,
  serverMessage: string,
  target: { verb?: string; resource?: GroupResource; name?: string } = {},
): Status {
  let [reason, message]: [StatusReason, string | null] = GENERIC_RESPONSES[code] ?? [
    '',
    `the server responded with the status code ${String(code)} but did not return more information`,
  ];
  if (code === 406) {
    reason = 'NotAcceptable';
    message =
      serverMessage === '' || serverMessage === 'unknown'
        ? 'the server was unable to respond with a content type that the client supports'
        : serverMessage;
  } else if (code === 409 && target.verb === 'POST') {
    reason = 'AlreadyExists';
  } else if (reason === '' && code >= 500) {
    reason = 'InternalError';
    message = `an error on the server (${goQuote(serverMessage)}) has prevented the request from succeeding`;
  }
  let text = message ?? serverMessage;
  const { resource, name = '' } = target;
  if (resource && (resource.group !== '' || resource.resource !== '')) {
    const verb = (target.verb ?? '').toLowerCase();
    const what = `${verb} ${groupResourceString(resource)}`;
    text = name ? `${text} (${what} ${name})` : `${text} (${what})`;
  }
  const details: StatusDetails = {};
  if (name) details.name = name;
  if (resource?.group) details.group = resource.group;
  if (resource?.resource) details.kind = resource.resource;
  return failure(code, reason, text, details);
}

/** ErrorToAPIStatus of an error that is not a Status: 500, no reason, the error's text. */
export const unknownError = (message: string): Status => failure(500, '', message);

/** response.go's errNotAcceptable: a transformation (Table, metadata) the object cannot take. */
export const notAcceptableTransform = (message: string): Status =>
  failure(406, 'NotAcceptable', message);

export const serviceUnavailable = (message: string): Status =>
  failure(503, 'ServiceUnavailable', message);

export function isStatus(x: unknown): x is Status {
  if (typeof x !== 'object' || x === null) return false;
  const candidate = x as Partial<Status>;
  return candidate.kind === 'Status' && typeof candidate.code === 'number';
}

/** errors.ReasonForError: the reason of a Status, '' for anything else. */
export function reasonOf(x: unknown): StatusReason {
  return isStatus(x) ? (x.reason ?? '') : '';
}

// --- Go value formatting, as fmt prints a field error's bad value --------------------------

/** A value already rendered in Go syntax, for cases plain data cannot express (`[]string(nil)`). */
export interface GoSyntax {
  goSyntax: string;
}

const QUOTE_ESCAPES: Partial<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
};

// Go's unicode.IsPrint is false for control, format, private-use, unassigned and separator
// characters other than the ASCII space.
const NOT_PRINTABLE = /^[\p{C}\p{Z}]$/u;

function escapeCodePoint(cp: number): string {
  if (cp < 0x20 || cp === 0x7f) return `\\x${cp.toString(16).padStart(2, '0')}`;
  if (cp < 0x10000) return `\\u${cp.toString(16).padStart(4, '0')}`;
  return `\\U${cp.toString(16).padStart(8, '0')}`;
}

/** strconv.Quote / fmt %q. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const escaped = QUOTE_ESCAPES[ch];
    if (escaped !== undefined) out += escaped;
    else if (ch !== ' ' && NOT_PRINTABLE.test(ch)) out += escapeCodePoint(ch.codePointAt(0) ?? 0);
    else out += ch;
  }
  return out + '"';
}

/** fmt %v of a float64: shortest digits, exponent form below 1e-4 and from 1e6 (`1e+06`). */
function goFloat(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : '-Inf';
  const [mantissa = '', exponentText = '0'] = n.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent >= -4 && exponent < 6) return String(n);
  const sign = exponent < 0 ? '-' : '+';
  return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

/** fmt %v of a JSON number: integers come from int32/int64 fields, which Go prints in full. */
export function goNumber(n: number): string {
  return Number.isInteger(n) && Math.abs(n) < 2 ** 63 ? BigInt(n).toString() : goFloat(n);
}

function isStringRecord(v: object): v is Record<string, string> {
  return Object.values(v).every((x) => typeof x === 'string');
}

/**
 * The text field.Error shows for a bad value: strings %q, numbers and bools bare, nil `"null"`,
 * []string and map[string]string as %#v. Other composites fall back to JSON, since their Go
 * type (and so their %#v) is unknown here.
 */
export function goValue(v: unknown): string {
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number') return goNumber(v);
  if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  // Upstream substitutes the string "null" for nil, then quotes it like any string. Values
  // JSON cannot hold are treated as absent.
  if (typeof v !== 'object' || v === null) return '"null"';
  if ('goSyntax' in v && typeof v.goSyntax === 'string') return v.goSyntax;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) {
    return `[]string{${v.map((x) => goQuote(x)).join(', ')}}`;
  }
  if (!Array.isArray(v) && isStringRecord(v)) {
    const entries = Object.keys(v)
      .sort()
      .map((k) => `${goQuote(k)}:${goQuote(v[k] ?? '')}`);
    return `map[string]string{${entries.join(', ')}}`;
  }
  return JSON.stringify(v);
}
