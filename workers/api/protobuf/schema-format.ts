// The message table of schema.ts and how to read it: per Go type, its fields in Go struct order
// (the order encoding/json writes them), each with its protobuf field number, JSON name, whether
// the JSON tag has omitempty, whether the Go field is a pointer, slice or map, and the Go field
// name gogo-protobuf's errors use.

import { PROTOBUF_PACKAGES } from './schema.ts';

/**
 * One package of the table. A message is a space-separated list of fields
 * `<number><jsonName>[!]:[*|[]|{}]<type>[=<GoName>]`:
 * - no jsonName: an embedded struct inlined into its parent's JSON (`json:",inline"`);
 * - `!`: the JSON tag has no omitempty;
 * - `*` a pointer, `[]` a slice (repeated), `{}` a map from string (map entries);
 * - type: `s` string, `i` int32, `l` int64, `b` bool, `y` bytes, `t` metav1.Time,
 *   `m` metav1.MicroTime, `q` resource.Quantity, `n` intstr.IntOrString, `r`
 *   runtime.RawExtension, `f` metav1.FieldsV1, else a message of this package or
 *   `<package>.<Name>`;
 * - GoName: when it is not the JSON name capitalised (or, inlined, the type's name).
 * A message `[]<scalar>` is a named slice type (authentication's ExtraValue).
 */
export interface ProtobufPackage {
  apiVersion?: string;
  /** Space-separated: the kinds of this group version that clients send. */
  kinds?: string;
  messages: Record<string, string>;
}

export type ProtobufPackages = Record<string, ProtobufPackage>;

export type Scalar = 'string' | 'int32' | 'int64' | 'bool' | 'bytes';
export type WellKnown =
  'time' | 'microTime' | 'quantity' | 'intOrString' | 'rawExtension' | 'fieldsV1';
export type FieldType = Scalar | WellKnown | MessageType;

export interface FieldSpec {
  number: number;
  /** '' for an inlined embedded struct. */
  jsonName: string;
  goName: string;
  omitEmpty: boolean;
  cardinality: 'single' | 'pointer' | 'repeated' | 'map';
  type: FieldType;
}

export interface MessageType {
  /** The Go type name, as gogo-protobuf's errors name it. */
  name: string;
  fields: FieldSpec[];
  byNumber: Map<number, FieldSpec>;
  /** Set for a named slice type: its JSON is the list itself. */
  listOf?: Scalar;
}

const TYPE_CODES: Record<string, Scalar | WellKnown> = {
  s: 'string',
  i: 'int32',
  l: 'int64',
  b: 'bool',
  y: 'bytes',
  t: 'time',
  m: 'microTime',
  q: 'quantity',
  n: 'intOrString',
  r: 'rawExtension',
  f: 'fieldsV1',
};

const CARDINALITY = { '': 'single', '*': 'pointer', '[]': 'repeated', '{}': 'map' } as const;

const FIELD = /^(\d+)(\w*)(!?):(\*|\[\]|\{\})?([\w.]+?)(?:=(\w+))?$/;

export function isScalar(type: FieldType): type is Scalar {
  return (
    type === 'string' || type === 'int32' || type === 'int64' || type === 'bool' || type === 'bytes'
  );
}

/** Reads one message of the table's notation; `resolve` finds the messages it refers to. */
export function messageType(
  name: string,
  spec: string,
  resolve: (ref: string) => MessageType = unresolved,
): MessageType {
  const message: MessageType = { name, fields: [], byNumber: new Map() };
  if (spec.startsWith('[]')) {
    const items = TYPE_CODES[spec.slice(2)];
    if (items === undefined || !isScalar(items)) throw new Error(`bad list type ${name}`);
    message.listOf = items;
    addField(message, {
      number: 1,
      jsonName: 'items',
      goName: 'Items',
      omitEmpty: false,
      cardinality: 'repeated',
      type: items,
    });
    return message;
  }
  for (const text of spec.split(' ').filter(Boolean)) {
    const match = FIELD.exec(text);
    if (!match) throw new Error(`bad field ${name}: ${text}`);
    const [, number = '', jsonName = '', bang, prefix = '', ref = '', goName] = match;
    const type = TYPE_CODES[ref] ?? resolve(ref);
    addField(message, {
      number: Number(number),
      jsonName,
      goName: goName ?? (jsonName === '' ? (ref.split('.').pop() ?? ref) : capitalize(jsonName)),
      omitEmpty: bang === '',
      cardinality: CARDINALITY[prefix as keyof typeof CARDINALITY],
      type,
    });
  }
  return message;
}

function addField(message: MessageType, field: FieldSpec): void {
  message.fields.push(field);
  message.byNumber.set(field.number, field);
}

function capitalize(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function unresolved(ref: string): never {
  throw new Error(`unknown message ${ref}`);
}

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/** The table, read on first use: message types by `<package>.<Name>`, kinds by apiVersion. */
class Schema {
  private readonly messages = new Map<string, MessageType>();
  private readonly kinds = new Map<string, Map<string, string>>();

  constructor(private readonly packages: ProtobufPackages) {
    for (const [alias, pkg] of Object.entries(packages)) {
      if (pkg.apiVersion === undefined) continue;
      const kinds = new Map<string, string>();
      for (const kind of (pkg.kinds ?? '').split(' ')) kinds.set(kind, `${alias}.${kind}`);
      this.kinds.set(pkg.apiVersion, kinds);
    }
  }

  message(qualified: string): MessageType {
    const known = this.messages.get(qualified);
    if (known) return known;
    const [alias = '', name = ''] = qualified.split('.');
    const spec = this.packages[alias]?.messages[name];
    if (spec === undefined) throw new Error(`unknown message ${qualified}`);
    // Registered before its fields are read, so that a type reachable from itself finds it.
    const message: MessageType = { name, fields: [], byNumber: new Map() };
    this.messages.set(qualified, message);
    Object.assign(
      message,
      messageType(name, spec, (ref) => this.message(ref.includes('.') ? ref : `${alias}.${ref}`)),
    );
    return message;
  }

  /** The message of a served kind, or undefined when the group version has no such kind. */
  kind(gvk: GroupVersionKind): MessageType | undefined {
    const apiVersion = gvk.group === '' ? gvk.version : `${gvk.group}/${gvk.version}`;
    const qualified = this.kinds.get(apiVersion)?.get(gvk.kind);
    return qualified === undefined ? undefined : this.message(qualified);
  }
}

let schema: Schema | undefined;

export function protobufSchema(): Schema {
  schema ??= new Schema(PROTOBUF_PACKAGES);
  return schema;
}
