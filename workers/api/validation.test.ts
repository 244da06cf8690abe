import { describe, expect, it } from 'vitest';
import { fieldErrorString } from './errors.ts';
import {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  nameIsDNS1035Label,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  validateObjectMeta,
  validateObjectMetaUpdate,
  type ObjectMetaInput,
  type ObjectMetaOptions,
} from './validation.ts';

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const NAME_PART_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

describe('name formats', () => {
  it.each([
    ['a', []],
    ['example.com', []],
    ['my-name.v1', []],
    ['Nginx', [SUBDOMAIN_MSG]],
    ['-a', [SUBDOMAIN_MSG]],
    ['a..b', [SUBDOMAIN_MSG]],
    ['a'.repeat(253), []],
    ['a'.repeat(254), ['must be no more than 253 characters']],
    ['A'.repeat(254), ['must be no more than 253 characters', SUBDOMAIN_MSG]],
  ])('checks %j as a DNS-1123 subdomain', (value, expected) => {
    expect(isDNS1123Subdomain(value)).toEqual(expected);
  });

  it.each([
    ['my-name', []],
    ['123-abc', []],
    ['a.b', ['must not contain dots']],
    ['My_Name', [LABEL_MSG]],
    ['a'.repeat(64), ['must be no more than 63 characters']],
  ])('checks %j as a DNS-1123 label', (value, expected) => {
    expect(isDNS1123Label(value)).toEqual(expected);
  });

  it.each([
    ['my-svc', []],
    ['1abc', [DNS1035_MSG]],
    ['a.b', [DNS1035_MSG]],
  ])('checks %j as a DNS-1035 label', (value, expected) => {
    expect(isDNS1035Label(value)).toEqual(expected);
  });

  it.each([
    ['app', []],
    ['app.kubernetes.io/name', []],
    ['MyName', []],
    ['-app', [NAME_PART_MSG]],
    ['/app', ['prefix part must be non-empty']],
    ['example.com/', ['name part must be non-empty', NAME_PART_MSG]],
    ['Example.com/app', [`prefix part ${SUBDOMAIN_MSG}`]],
    ['a'.repeat(64), ['name part must be no more than 63 characters']],
    [
      'a/b/c',
      [
        "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
      ],
    ],
  ])('checks %j as a qualified name', (value, expected) => {
    expect(isQualifiedName(value)).toEqual(expected);
  });

  it.each([
    ['', []],
    ['v1.2_beta-3', []],
    ['-x', [LABEL_VALUE_MSG]],
    ['a b', [LABEL_VALUE_MSG]],
    ['a'.repeat(64), ['must be no more than 63 characters']],
  ])('checks %j as a label value', (value, expected) => {
    expect(isValidLabelValue(value)).toEqual(expected);
  });

  it.each([
    [nameIsDNSSubdomain, 'web-', true, []],
    [nameIsDNSSubdomain, 'web-', false, [SUBDOMAIN_MSG]],
    [nameIsDNSLabel, 'ns-', true, []],
    [nameIsDNS1035Label, 'svc-', true, []],
    // maskTrailingDash drops two characters, so `a.-` is checked as `aa`.
    [nameIsDNSSubdomain, 'a.-', true, []],
  ])('lets a generateName end in a dash (%#)', (validator, name, prefix, expected) => {
    expect(validator(name, prefix)).toEqual(expected);
  });
});

describe('validateObjectMeta', () => {
  const namespaced: ObjectMetaOptions = { namespaced: true, nameValidator: nameIsDNSSubdomain };
  const clusterScoped: ObjectMetaOptions = { namespaced: false, nameValidator: nameIsDNSLabel };

  it.each<[string, ObjectMetaInput, ObjectMetaOptions, string[]]>([
    ['accepts a valid namespaced object', { name: 'web', namespace: 'default' }, namespaced, []],
    [
      'requires a name or generateName',
      { namespace: 'default' },
      namespaced,
      ['metadata.name: Required value: name or generateName is required'],
    ],
    [
      'rejects an upper-case name',
      { name: 'Nginx', namespace: 'default' },
      namespaced,
      [`metadata.name: Invalid value: "Nginx": ${SUBDOMAIN_MSG}`],
    ],
    [
      'checks generateName as a prefix',
      { generateName: 'Web-', name: 'Web-abcde', namespace: 'default' },
      namespaced,
      [
        `metadata.generateName: Invalid value: "Web-": ${SUBDOMAIN_MSG}`,
        `metadata.name: Invalid value: "Web-abcde": ${SUBDOMAIN_MSG}`,
      ],
    ],
    [
      'requires a namespace on namespaced kinds',
      { name: 'web' },
      namespaced,
      ['metadata.namespace: Required value'],
    ],
    [
      'checks the namespace as a DNS label',
      { name: 'web', namespace: 'a.b' },
      namespaced,
      ['metadata.namespace: Invalid value: "a.b": must not contain dots'],
    ],
    [
      'forbids a namespace on cluster-scoped kinds',
      { name: 'node-1', namespace: 'default' },
      clusterScoped,
      ['metadata.namespace: Forbidden: not allowed on this type'],
    ],
    [
      'rejects a negative generation',
      { name: 'web', namespace: 'default', generation: -1 },
      namespaced,
      ['metadata.generation: Invalid value: -1: must be greater than or equal to 0'],
    ],
    [
      'reports label keys and values at the labels path',
      { name: 'web', namespace: 'default', labels: { '-app': 'web', tier: '-x' } },
      namespaced,
      [
        `metadata.labels: Invalid value: "-app": ${NAME_PART_MSG}`,
        `metadata.labels: Invalid value: "-x": ${LABEL_VALUE_MSG}`,
      ],
    ],
    [
      'accepts upper-case annotation keys but not malformed ones',
      { name: 'web', namespace: 'default', annotations: { 'Example.com/Note': 'x', 'a b': 'y' } },
      namespaced,
      [`metadata.annotations: Invalid value: "a b": ${NAME_PART_MSG}`],
    ],
    [
      'limits annotations to 256 KiB in total',
      { name: 'web', namespace: 'default', annotations: { big: 'x'.repeat(262142) } },
      namespaced,
      ['metadata.annotations: Too long: may not be more than 262144 bytes'],
    ],
    [
      'rejects orphan together with foregroundDeletion',
      { name: 'web', namespace: 'default', finalizers: ['orphan', 'foregroundDeletion'] },
      namespaced,
      [
        'metadata.finalizers: Invalid value: []string{"orphan", "foregroundDeletion"}: finalizer orphan and foregroundDeletion cannot be both set',
      ],
    ],
  ])('%s', (_name, meta, options, expected) => {
    expect(validateObjectMeta(meta, options).map(fieldErrorString)).toEqual(expected);
  });

  it('accepts annotations of exactly 256 KiB', () => {
    const meta = { name: 'web', namespace: 'd', annotations: { big: 'x'.repeat(262141) } };
    expect(validateObjectMeta(meta, namespaced)).toEqual([]);
  });

  it('defaults the name rule to a DNS subdomain', () => {
    expect(validateObjectMeta({ name: 'a.b' }, { namespaced: false })).toEqual([]);
  });

  it('uses the given field path', () => {
    const errs = validateObjectMeta({}, clusterScoped, 'spec.template.metadata');
    expect(errs.map((e) => e.field)).toEqual(['spec.template.metadata.name']);
  });
});

describe('validateObjectMetaUpdate', () => {
  const old: ObjectMetaInput = {
    name: 'web',
    namespace: 'default',
    uid: 'u1',
    resourceVersion: '5',
    generation: 2,
    creationTimestamp: '2025-01-15T10:04:05Z',
  };

  it.each<[string, ObjectMetaInput, ObjectMetaInput, string[]]>([
    ['accepts an unchanged object', old, old, []],
    [
      'requires a resourceVersion',
      { ...old, resourceVersion: '' },
      old,
      ['metadata.resourceVersion: Invalid value: "": must be specified for an update'],
    ],
    [
      'rejects a lower generation',
      { ...old, generation: 1 },
      old,
      ['metadata.generation: Invalid value: 1: must not be decremented'],
    ],
    [
      'keeps the name immutable',
      { ...old, name: 'other' },
      old,
      ['metadata.name: Invalid value: "other": field is immutable'],
    ],
    [
      'prints a changed timestamp as Go prints a time',
      { ...old, creationTimestamp: '2025-01-15T10:04:06Z' },
      old,
      [
        'metadata.creationTimestamp: Invalid value: 2025-01-15 10:04:06 +0000 UTC: field is immutable',
      ],
    ],
    [
      'prints a removed deletion grace period as "null"',
      { ...old, deletionGracePeriodSeconds: null },
      { ...old, deletionGracePeriodSeconds: 30 },
      ['metadata.deletionGracePeriodSeconds: Invalid value: "null": field is immutable'],
    ],
    [
      'forbids new finalizers once deletion started',
      { ...old, deletionTimestamp: 'x', finalizers: ['b', 'a', 'keep'] },
      { ...old, deletionTimestamp: 'x', finalizers: ['keep'] },
      [
        'metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"a", "b"}',
      ],
    ],
  ])('%s', (_name, meta, previous, expected) => {
    expect(validateObjectMetaUpdate(meta, previous).map(fieldErrorString)).toEqual(expected);
  });
});
