import { describe, expect, it } from 'vitest';
import {
  aggregateMessage,
  alreadyExists,
  badRequest,
  conflict,
  expired,
  field,
  fieldErrorBody,
  fieldErrorString,
  fieldPath,
  forbidden,
  generateNameConflict,
  genericServerResponse,
  goQuote,
  goValue,
  internalError,
  invalid,
  isParseError,
  isStatus,
  methodNotSupported,
  notFound,
  OptimisticLockErrorMsg,
  reasonOf,
  requestEntityTooLarge,
  serviceUnavailable,
  timeout,
  tooManyRequests,
  unauthorized,
  unsupportedMediaType,
  type FieldError,
  type Status,
} from './errors.ts';

const pods = { group: '', resource: 'pods' };
const deployments = { group: 'apps', resource: 'deployments' };

describe('field errors', () => {
  it.each<[string, FieldError, string]>([
    [
      'required without detail',
      field.required('spec.containers[0].image'),
      'spec.containers[0].image: Required value',
    ],
    [
      'required with detail',
      field.required('metadata.name', 'name or generateName is required'),
      'metadata.name: Required value: name or generateName is required',
    ],
    ['invalid with a quoted string', field.invalid('f', 'v', 'd'), 'f: Invalid value: "v": d'],
    [
      'invalid with a bare number',
      field.invalid('spec.replicas', -1, 'must be greater than or equal to 0'),
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    ],
    ['invalid with a bare bool', field.invalid('f', true, 'd'), 'f: Invalid value: true: d'],
    [
      'invalid with nil, printed as the quoted string "null"',
      field.invalid('field.deletionGracePeriodSeconds', null, 'field is immutable'),
      'field.deletionGracePeriodSeconds: Invalid value: "null": field is immutable',
    ],
    [
      'invalid with a []string',
      field.invalid('f', ['a', 'b'], 'd'),
      'f: Invalid value: []string{"a", "b"}: d',
    ],
    [
      'invalid with a map[string]string, keys sorted',
      field.invalid('f', { b: '2', a: '1' }, 'd'),
      'f: Invalid value: map[string]string{"a":"1", "b":"2"}: d',
    ],
    [
      'invalid with pre-rendered Go syntax',
      field.invalid('values', { goSyntax: '[]string(nil)' }, 'd'),
      'values: Invalid value: []string(nil): d',
    ],
    [
      'not supported lists quoted values',
      field.notSupported('spec.restartPolicy', 'Sometimes', ['Always', 'Never', 'OnFailure']),
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "Never", "OnFailure"',
    ],
    [
      'not supported without valid values',
      field.notSupported('f', 'v', []),
      'f: Unsupported value: "v"',
    ],
    [
      'duplicate',
      field.duplicate('spec.containers[1].name', 'web'),
      'spec.containers[1].name: Duplicate value: "web"',
    ],
    [
      'forbidden',
      field.forbidden('metadata.namespace', 'not allowed on this type'),
      'metadata.namespace: Forbidden: not allowed on this type',
    ],
    [
      'too long hides the value',
      field.tooLong('metadata.annotations', 'x'.repeat(10), 262144),
      'metadata.annotations: Too long: may not be more than 262144 bytes',
    ],
    ['too long without a limit', field.tooLong('f', 'x', -1), 'f: Too long: value is too long'],
    [
      'too many shows the count',
      field.tooMany('f', 5, 3),
      'f: Too many: 5: must have at most 3 items',
    ],
    [
      'too many without a count',
      field.tooMany('f', -1, 3),
      'f: Too many: must have at most 3 items',
    ],
    ['too many without a maximum', field.tooMany('f', 5, -1), 'f: Too many: 5: has too many items'],
    ['not found', field.notFound('spec.volumes[0]', 'data'), 'spec.volumes[0]: Not found: "data"'],
    ['internal error', field.internalError('f', 'e'), 'f: Internal error: e'],
  ])('formats %s like field.Error.Error()', (_name, error, expected) => {
    expect(fieldErrorString(error)).toBe(expected);
  });

  it.each<[FieldError, string]>([
    [field.required('f'), 'FieldValueRequired'],
    [field.invalid('f', 'v', 'd'), 'FieldValueInvalid'],
    [field.notSupported('f', 'v', []), 'FieldValueNotSupported'],
    [field.duplicate('f', 'v'), 'FieldValueDuplicate'],
    [field.forbidden('f', 'd'), 'FieldValueForbidden'],
    [field.tooLong('f', 'v', 1), 'FieldValueTooLong'],
    [field.tooMany('f', 2, 1), 'FieldValueTooMany'],
    [field.notFound('f', 'v'), 'FieldValueNotFound'],
    [field.internalError('f', 'e'), 'InternalError'],
  ])('gives %j the cause type %s', (error, type) => {
    expect(error.type).toBe(type);
  });

  it.each([
    [fieldPath('spec').child('containers').index(0).child('image'), 'spec.containers[0].image'],
    [fieldPath('metadata', 'labels').key('app'), 'metadata.labels[app]'],
    [fieldPath('spec').child('template', 'spec'), 'spec.template.spec'],
  ])('builds the field path %s', (path, expected) => {
    expect(String(path)).toBe(expected);
    expect(field.required(path).field).toBe(expected);
  });

  it.each([
    ['plain', '"plain"'],
    ['say "hi"', '"say \\"hi\\""'],
    ['back\\slash', '"back\\\\slash"'],
    ['tab\there\nnewline', '"tab\\there\\nnewline"'],
    ['\x00\x1b\x7f', '"\\x00\\x1b\\x7f"'],
    ['é ü 日本', '"é ü 日本"'],
    ['\u200b\u2028', '"\\u200b\\u2028"'],
  ])('quotes %j like strconv.Quote', (input, expected) => {
    expect(goQuote(input)).toBe(expected);
  });

  it.each<[unknown, string]>([
    [42, '42'],
    [-7, '-7'],
    [9007199254740993n, '9007199254740993'],
    [1.5, '1.5'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [1234567.5, '1.2345675e+06'],
    [false, 'false'],
    [undefined, '"null"'],
    [[], '[]string{}'],
  ])('prints the bad value %s as Go would', (value, expected) => {
    expect(goValue(value)).toBe(expected);
  });

  it.each([
    [['a'], 'a'],
    [['a', 'b'], '[a, b]'],
    [['a', 'a'], 'a'],
    [['a', 'b', 'a'], '[a, b]'],
  ])('aggregates %j as %s', (messages, expected) => {
    expect(aggregateMessage(messages)).toBe(expected);
  });
});

describe('Status constructors', () => {
  it.each<[string, Status, Status]>([
    [
      'not found for a core resource omits the group',
      notFound(pods, 'nginx'),
      {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'pods "nginx" not found',
        reason: 'NotFound',
        details: { name: 'nginx', kind: 'pods' },
        code: 404,
      },
    ],
    [
      'not found for a grouped resource names the group',
      notFound(deployments, 'web'),
      {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'deployments.apps "web" not found',
        reason: 'NotFound',
        details: { name: 'web', group: 'apps', kind: 'deployments' },
        code: 404,
      },
    ],
    [
      'already exists',
      alreadyExists(pods, 'x'),
      {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'pods "x" already exists',
        reason: 'AlreadyExists',
        details: { name: 'x', kind: 'pods' },
        code: 409,
      },
    ],
    [
      'a generateName clash asks the client to retry',
      generateNameConflict(pods, 'web-abcde', 1),
      {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message:
          'pods "web-abcde" already exists, the server was not able to generate a unique name for the object',
        reason: 'AlreadyExists',
        details: { name: 'web-abcde', kind: 'pods', retryAfterSeconds: 1 },
        code: 409,
      },
    ],
    [
      'conflict carries the optimistic-lock message',
      conflict(deployments, 'web', OptimisticLockErrorMsg),
      {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message:
          'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
        reason: 'Conflict',
        details: { name: 'web', group: 'apps', kind: 'deployments' },
        code: 409,
      },
    ],
    [
      'internal error repeats the error as its only cause',
      internalError('boom'),
      {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'Internal error occurred: boom',
        reason: 'InternalError',
        details: { causes: [{ message: 'boom' }] },
        code: 500,
      },
    ],
    [
      'timeout keeps an empty details object',
      timeout('request did not complete within 60s'),
      {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'Timeout: request did not complete within 60s',
        reason: 'Timeout',
        details: {},
        code: 504,
      },
    ],
  ])('builds %s', (_name, status, expected) => {
    expect(status).toEqual(expected);
    expect(JSON.stringify(status)).toBe(JSON.stringify(expected));
  });

  it('builds Invalid with the Kind, one cause per error and an aggregated message', () => {
    const errs = [
      field.required('spec.containers[0].image'),
      field.invalid('metadata.name', 'Nginx', 'bad name'),
      field.required('spec.containers[0].image'),
    ];
    expect(invalid({ group: '', kind: 'Pod' }, 'Nginx', errs)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'Pod "Nginx" is invalid: [spec.containers[0].image: Required value, metadata.name: Invalid value: "Nginx": bad name]',
      reason: 'Invalid',
      details: {
        name: 'Nginx',
        kind: 'Pod',
        causes: [
          {
            reason: 'FieldValueRequired',
            message: 'Required value',
            field: 'spec.containers[0].image',
          },
          {
            reason: 'FieldValueInvalid',
            message: 'Invalid value: "Nginx": bad name',
            field: 'metadata.name',
          },
          {
            reason: 'FieldValueRequired',
            message: 'Required value',
            field: 'spec.containers[0].image',
          },
        ],
      },
      code: 422,
    });
  });

  it.each<[string, Status, number, string]>([
    [
      'Invalid with one error',
      invalid({ group: '', kind: 'Pod' }, 'x', [field.required('spec.containers[0].image')]),
      422,
      'Pod "x" is invalid: spec.containers[0].image: Required value',
    ],
    [
      'Invalid for a grouped kind',
      invalid({ group: 'apps', kind: 'Deployment' }, 'web', [field.required('spec.selector')]),
      422,
      'Deployment.apps "web" is invalid: spec.selector: Required value',
    ],
    [
      'Invalid without errors',
      invalid({ group: '', kind: 'Pod' }, 'x', []),
      422,
      'Pod "x" is invalid',
    ],
    [
      'Forbidden with a name',
      forbidden(
        { group: '', resource: 'namespaces' },
        'kube-system',
        'this namespace may not be deleted',
      ),
      403,
      'namespaces "kube-system" is forbidden: this namespace may not be deleted',
    ],
    [
      'Forbidden without a name',
      forbidden(pods, '', 'User "bob" cannot list resource "pods"'),
      403,
      'pods is forbidden: User "bob" cannot list resource "pods"',
    ],
    [
      'Forbidden for a non-resource request',
      forbidden({ group: '', resource: '' }, '', 'User "bob" cannot get path "/healthz"'),
      403,
      'forbidden: User "bob" cannot get path "/healthz"',
    ],
    ['Unauthorized with a message', unauthorized('Unauthorized'), 401, 'Unauthorized'],
    ['Unauthorized without a message', unauthorized(), 401, 'not authorized'],
    [
      'BadRequest',
      badRequest('field label not supported: metadata.namespace'),
      400,
      'field label not supported: metadata.namespace',
    ],
    [
      'MethodNotAllowed',
      methodNotSupported({ group: '', resource: 'bindings' }, 'list'),
      405,
      'list is not supported on resources of kind "bindings"',
    ],
    [
      'Expired',
      expired('too old resource version: 100 (250)'),
      410,
      'too old resource version: 100 (250)',
    ],
    [
      'TooManyRequests',
      tooManyRequests('please try again later'),
      429,
      'Too many requests: please try again later',
    ],
    [
      'RequestEntityTooLarge',
      requestEntityTooLarge('limit is 3145728'),
      413,
      'Request entity too large: limit is 3145728',
    ],
    [
      'UnsupportedMediaType',
      unsupportedMediaType(['application/json', 'application/yaml']),
      415,
      'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml',
    ],
    ['ServiceUnavailable', serviceUnavailable('etcd is unavailable'), 503, 'etcd is unavailable'],
  ])('builds %s', (_name, status, code, message) => {
    expect(status.code).toBe(code);
    expect(status.message).toBe(message);
  });

  it('keeps details.kind as the resource plural for Forbidden', () => {
    expect(forbidden(deployments, 'web', 'no').details).toEqual({
      name: 'web',
      group: 'apps',
      kind: 'deployments',
    });
  });

  it.each<[unknown, boolean, string]>([
    [notFound(pods, 'x'), true, 'NotFound'],
    [{ kind: 'Pod', code: 1 }, false, ''],
    [null, false, ''],
    ['pods "x" not found', false, ''],
  ])('recognises %j as a Status: %s', (value, status, reason) => {
    expect(isStatus(value)).toBe(status);
    expect(reasonOf(value)).toBe(reason);
  });

  it.each<[unknown, boolean]>([
    [{ error: 'bad' }, true],
    [{ requirements: [] }, false],
    [null, false],
  ])('recognises %j as a parse error: %s', (value, expected) => {
    expect(isParseError(value)).toBe(expected);
  });

  it('puts the field error body, not the full text, in a cause message', () => {
    expect(fieldErrorBody(field.invalid('metadata.name', 'A', 'd'))).toBe('Invalid value: "A": d');
  });
});

describe('genericServerResponse (NewGenericServerResponse)', () => {
  it.each<[string, number, string, Parameters<typeof genericServerResponse>[2], Partial<Status>]>([
    [
      'words a 404 generically and names the resource',
      404,
      'page not found',
      { resource: { group: '', resource: 'pods/log' }, name: 'web' },
      {
        reason: 'NotFound',
        message: 'the server could not find the requested resource ( pods/log web)',
        details: { name: 'web', kind: 'pods/log' },
      },
    ],
    [
      'keeps a 415’s own message',
      415,
      '415: Unsupported Media Type',
      {},
      { reason: 'UnsupportedMediaType', message: '415: Unsupported Media Type', details: {} },
    ],
    [
      'calls a 409 on POST AlreadyExists',
      409,
      '',
      { verb: 'POST', resource: deployments },
      {
        reason: 'AlreadyExists',
        message: 'the server reported a conflict (post deployments.apps)',
        details: { group: 'apps', kind: 'deployments' },
      },
    ],
    [
      'quotes the server’s text in an internal error',
      502,
      'bad "gateway"',
      {},
      {
        reason: 'InternalError',
        message:
          'an error on the server ("bad \\"gateway\\"") has prevented the request from succeeding',
      },
    ],
    [
      'says a 406 without text found no content type',
      406,
      'unknown',
      {},
      {
        reason: 'NotAcceptable',
        message: 'the server was unable to respond with a content type that the client supports',
      },
    ],
    [
      'has no reason for a code it does not know',
      418,
      'teapot',
      {},
      {
        message:
          'the server responded with the status code 418 but did not return more information',
      },
    ],
  ])('%s', (_case, code, serverMessage, target, expected) => {
    const status = genericServerResponse(code, serverMessage, target);
    expect(status).toMatchObject({ kind: 'Status', status: 'Failure', code, ...expected });
    if (expected.reason === undefined) expect(status.reason).toBeUndefined();
  });
});
