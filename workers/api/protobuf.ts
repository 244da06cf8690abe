// Reading Kubernetes protobuf bodies (apimachinery pkg/runtime/serializer/protobuf: the `k8s\0`
// magic and a runtime.Unknown envelope around the object's message), for the kinds whose
// generated.proto field numbers are described here: RBAC objects and the access reviews, which
// kubectl's typed clients send as protobuf. Other kinds decode to null. Unknown fields and
// timestamps are skipped, as the fields clients set on create are strings, lists and maps.

type FieldType = 'string' | 'bool' | 'int' | MessageSchema;

interface FieldSpec {
  name: string;
  type: FieldType;
  repeated?: boolean;
  /** map<string, V>: repeated entries of {1: key, 2: value}. */
  map?: boolean;
  /** A wrapper message standing for one of its fields in JSON (ExtraValue's items). */
  unwrap?: string;
}

export type MessageSchema = Readonly<Record<number, FieldSpec>>;

const MAGIC = [0x6b, 0x38, 0x73, 0x00];

class Reader {
  private offset = 0;

  constructor(private readonly bytes: Uint8Array) {}

  get done(): boolean {
    return this.offset >= this.bytes.length;
  }

  varint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = this.bytes[this.offset++];
      if (byte === undefined) throw new Error('truncated varint');
      result += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return result;
      shift += 7;
    }
  }

  bytesField(): Uint8Array {
    const length = this.varint();
    const start = this.offset;
    this.offset += length;
    if (this.offset > this.bytes.length) throw new Error('truncated field');
    return this.bytes.subarray(start, this.offset);
  }

  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.offset += 8;
    else if (wireType === 2) this.bytesField();
    else if (wireType === 5) this.offset += 4;
    else throw new Error(`unsupported wire type ${wireType}`);
  }
}

const text = new TextDecoder();

function stringField(message: Record<string, unknown>, name: string): string {
  const value = message[name];
  return typeof value === 'string' ? value : '';
}

function scalar(type: FieldType, reader: Reader, wireType: number): unknown {
  if (typeof type === 'object') return decodeMessage(reader.bytesField(), type);
  if (type === 'string') return text.decode(reader.bytesField());
  if (wireType !== 0) throw new Error('expected a varint');
  const value = reader.varint();
  return type === 'bool' ? value !== 0 : value;
}

const MAP_ENTRY = (value: FieldType): MessageSchema => ({
  1: { name: 'key', type: 'string' },
  2: { name: 'value', type: value },
});

export function decodeMessage(bytes: Uint8Array, schema: MessageSchema): Record<string, unknown> {
  const reader = new Reader(bytes);
  const out: Record<string, unknown> = {};
  while (!reader.done) {
    const tag = reader.varint();
    const number = Math.floor(tag / 8);
    const wireType = tag % 8;
    const spec = schema[number];
    if (!spec) {
      reader.skip(wireType);
      continue;
    }
    if (spec.map) {
      const entry = decodeMessage(reader.bytesField(), MAP_ENTRY(spec.type));
      const map = (out[spec.name] ??= {}) as Record<string, unknown>;
      const value = entry.value ?? (spec.type === 'string' ? '' : {});
      map[stringField(entry, 'key')] = spec.unwrap
        ? ((value as Record<string, unknown>)[spec.unwrap] ?? [])
        : value;
    } else if (spec.repeated) {
      ((out[spec.name] ??= []) as unknown[]).push(scalar(spec.type, reader, wireType));
    } else {
      out[spec.name] = scalar(spec.type, reader, wireType);
    }
  }
  return out;
}

// --- k8s.io/apimachinery meta/v1 ---------------------------------------------------------------

const OBJECT_META: MessageSchema = {
  1: { name: 'name', type: 'string' },
  2: { name: 'generateName', type: 'string' },
  3: { name: 'namespace', type: 'string' },
  5: { name: 'uid', type: 'string' },
  6: { name: 'resourceVersion', type: 'string' },
  11: { name: 'labels', type: 'string', map: true },
  12: { name: 'annotations', type: 'string', map: true },
  14: { name: 'finalizers', type: 'string', repeated: true },
};

const LABEL_SELECTOR: MessageSchema = {
  1: { name: 'matchLabels', type: 'string', map: true },
  2: {
    name: 'matchExpressions',
    repeated: true,
    type: {
      1: { name: 'key', type: 'string' },
      2: { name: 'operator', type: 'string' },
      3: { name: 'values', type: 'string', repeated: true },
    },
  },
};

// --- k8s.io/api rbac/v1 -------------------------------------------------------------------------

const POLICY_RULE: MessageSchema = {
  1: { name: 'verbs', type: 'string', repeated: true },
  2: { name: 'apiGroups', type: 'string', repeated: true },
  3: { name: 'resources', type: 'string', repeated: true },
  4: { name: 'resourceNames', type: 'string', repeated: true },
  5: { name: 'nonResourceURLs', type: 'string', repeated: true },
};

const ROLE: MessageSchema = {
  1: { name: 'metadata', type: OBJECT_META },
  2: { name: 'rules', type: POLICY_RULE, repeated: true },
};

const CLUSTER_ROLE: MessageSchema = {
  ...ROLE,
  3: {
    name: 'aggregationRule',
    type: { 1: { name: 'clusterRoleSelectors', type: LABEL_SELECTOR, repeated: true } },
  },
};

const BINDING: MessageSchema = {
  1: { name: 'metadata', type: OBJECT_META },
  2: {
    name: 'subjects',
    repeated: true,
    type: {
      1: { name: 'kind', type: 'string' },
      2: { name: 'apiGroup', type: 'string' },
      3: { name: 'name', type: 'string' },
      4: { name: 'namespace', type: 'string' },
    },
  },
  3: {
    name: 'roleRef',
    type: {
      1: { name: 'apiGroup', type: 'string' },
      2: { name: 'kind', type: 'string' },
      3: { name: 'name', type: 'string' },
    },
  },
};

// --- k8s.io/api authorization/v1 and authentication/v1 ------------------------------------------

const RESOURCE_ATTRIBUTES: MessageSchema = {
  1: { name: 'namespace', type: 'string' },
  2: { name: 'verb', type: 'string' },
  3: { name: 'group', type: 'string' },
  4: { name: 'version', type: 'string' },
  5: { name: 'resource', type: 'string' },
  6: { name: 'subresource', type: 'string' },
  7: { name: 'name', type: 'string' },
};

const NON_RESOURCE_ATTRIBUTES: MessageSchema = {
  1: { name: 'path', type: 'string' },
  2: { name: 'verb', type: 'string' },
};

const SELF_ACCESS_SPEC: MessageSchema = {
  1: { name: 'resourceAttributes', type: RESOURCE_ATTRIBUTES },
  2: { name: 'nonResourceAttributes', type: NON_RESOURCE_ATTRIBUTES },
};

const ACCESS_SPEC: MessageSchema = {
  ...SELF_ACCESS_SPEC,
  3: { name: 'user', type: 'string' },
  4: { name: 'groups', type: 'string', repeated: true },
  5: {
    name: 'extra',
    map: true,
    unwrap: 'items',
    type: { 1: { name: 'items', type: 'string', repeated: true } },
  },
  6: { name: 'uid', type: 'string' },
};

const review = (spec: MessageSchema): MessageSchema => ({
  1: { name: 'metadata', type: OBJECT_META },
  2: { name: 'spec', type: spec },
});

/** Schemas by `apiVersion/kind`. */
const SCHEMAS: Readonly<Record<string, MessageSchema>> = {
  'rbac.authorization.k8s.io/v1/Role': ROLE,
  'rbac.authorization.k8s.io/v1/ClusterRole': CLUSTER_ROLE,
  'rbac.authorization.k8s.io/v1/RoleBinding': BINDING,
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': BINDING,
  'authorization.k8s.io/v1/SelfSubjectAccessReview': review(SELF_ACCESS_SPEC),
  'authorization.k8s.io/v1/SubjectAccessReview': review(ACCESS_SPEC),
  'authorization.k8s.io/v1/LocalSubjectAccessReview': review(ACCESS_SPEC),
  'authorization.k8s.io/v1/SelfSubjectRulesReview': review({
    1: { name: 'namespace', type: 'string' },
  }),
  'authentication.k8s.io/v1/SelfSubjectReview': { 1: { name: 'metadata', type: OBJECT_META } },
};

const TYPE_META: MessageSchema = {
  1: { name: 'apiVersion', type: 'string' },
  2: { name: 'kind', type: 'string' },
};

/** The object in a `application/vnd.kubernetes.protobuf` body, or null for kinds not described. */
export function decodeProtobufObject(bytes: Uint8Array): Record<string, unknown> | null {
  if (!MAGIC.every((byte, i) => bytes[i] === byte)) return null;
  const envelope = new Reader(bytes.subarray(MAGIC.length));
  let typeMeta: Record<string, unknown> = {};
  let raw: Uint8Array | null = null;
  try {
    while (!envelope.done) {
      const tag = envelope.varint();
      const number = Math.floor(tag / 8);
      // runtime.Unknown: 1 typeMeta, 2 raw, 3 contentEncoding, 4 contentType.
      if (number === 1) typeMeta = decodeMessage(envelope.bytesField(), TYPE_META);
      else if (number === 2) raw = envelope.bytesField();
      else envelope.skip(tag % 8);
    }
    const apiVersion = stringField(typeMeta, 'apiVersion');
    const kind = stringField(typeMeta, 'kind');
    const schema = SCHEMAS[`${apiVersion}/${kind}`];
    if (!schema || raw === null) return null;
    return { apiVersion, kind, ...decodeMessage(raw, schema) };
  } catch {
    return null;
  }
}
