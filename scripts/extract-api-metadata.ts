// Extracts what the kubernetes-types declarations leave out of the served API groups from the Go
// sources of k8s.io/api and k8s.io/apimachinery (meta/v1) at a release tag, the way kube-openapi's
// generator reads them (k8s.io/kube-openapi pkg/generators/openapi.go, extension.go, enum.go):
// patch strategies and merge keys (struct tags), +listType/+listMapKey/+mapType/+structType
// markers, integer and float formats, enum values, the Go type names decoding errors print, and the
// fields and definitions the release added since the kubernetes-types version (or removed).
// Run by hand when the Kubernetes target moves; it writes scripts/k8s-api-metadata.json:
//   npx tsx scripts/extract-api-metadata.ts <k8s.io/api git dir> <k8s.io/apimachinery git dir> <tag>
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { QueryParameter } from '../workers/api/schema/types.ts';
import { upstreamDefinitionId } from './api-schemas.ts';
import { generateSchemas, type JsonSchema, type K8sSchemas } from './generate-schemas.ts';
import {
  goDescription,
  parsePackage,
  type GoField,
  type GoPackage,
  type GoStruct,
} from './go-types.ts';

export { goDescription } from './go-types.ts';

/** The API groups the playground serves or may serve, as k8s.io/api package directories. */
const API_PACKAGES = [
  'core/v1',
  'apps/v1',
  'batch/v1',
  'policy/v1',
  'discovery/v1',
  'rbac/v1',
  'coordination/v1',
  'events/v1',
  'authorization/v1',
  'autoscaling/v1',
  'autoscaling/v2',
  'networking/v1',
  'scheduling/v1',
  'storage/v1',
];

const META_PACKAGE = 'k8s.io/apimachinery/pkg/apis/meta/v1';

/** Go types outside the parsed packages that the API refers to, as OpenAPI definitions. */
const EXTERNAL_DEFINITIONS: Record<string, string> = {
  'k8s.io/apimachinery/pkg/api/resource.Quantity': 'io.k8s.apimachinery.pkg.api.resource.Quantity',
  'k8s.io/apimachinery/pkg/util/intstr.IntOrString':
    'io.k8s.apimachinery.pkg.util.intstr.IntOrString',
  'k8s.io/apimachinery/pkg/runtime.RawExtension': 'io.k8s.apimachinery.pkg.runtime.RawExtension',
};

const BASIC_TYPES = new Set(['string', 'bool', 'int32', 'int64', 'float64', 'byte']);

export interface FieldMetadata {
  patchStrategy?: string;
  patchMergeKey?: string;
  listType?: string;
  listMapKeys?: string[];
  mapType?: string;
  format?: string;
  /** reflect.Type.String() of the field, where the schema alone would name it differently. */
  goType?: string;
  /** Key into `enums`. */
  enum?: string;
}

export interface DefinitionMetadata {
  /** +structType: the struct's own x-kubernetes-map-type. */
  mapType?: string;
  fields?: Record<string, FieldMetadata>;
}

export interface ApiMetadata {
  source: string;
  definitions: Record<string, DefinitionMetadata>;
  enums: Record<string, { values: string[]; description: string }>;
  /** Definitions and properties the release has and kubernetes-types lacks, with their docs. */
  added: Record<string, JsonSchema>;
  /** `<definition>` or `<definition>.<property>` that kubernetes-types has and the release dropped. */
  removed: string[];
  /** The query parameters of each meta/v1 options struct, as OpenAPI documents them. */
  queryParameters: Record<string, Record<string, QueryParameter>>;
}

/** The options structs whose fields are the query parameters of the API's operations. */
const OPTIONS_STRUCTS = [
  'ListOptions',
  'GetOptions',
  'CreateOptions',
  'UpdateOptions',
  'PatchOptions',
  'DeleteOptions',
];

class Extractor {
  readonly metadata: ApiMetadata;

  constructor(
    private readonly packages: Map<string, GoPackage>,
    private readonly known: K8sSchemas['definitions'],
    source: string,
  ) {
    this.metadata = {
      source,
      definitions: {},
      enums: {},
      added: {},
      removed: [],
      queryParameters: {},
    };
  }

  run(): ApiMetadata {
    for (const pkg of this.packages.values()) {
      for (const [name, struct] of pkg.structs) {
        const id = `${pkg.prefix}.${name}`;
        if (!this.isApiStruct(pkg, name)) continue;
        this.describeStruct(pkg, id, struct, this.fields(pkg, name));
      }
    }
    this.findRemoved();
    this.describeQueryParameters();
    return this.metadata;
  }

  private describeQueryParameters(): void {
    const meta = this.packages.get(META_PACKAGE);
    if (!meta) return;
    for (const name of OPTIONS_STRUCTS) {
      const parameters: Record<string, QueryParameter> = {};
      for (const { pkg, field } of this.fields(meta, name)) {
        const type = this.underlying(pkg, field.goType.replace(/^\[\]/, '')).type;
        // Body-only fields (preconditions) are no query parameters.
        if (!['string', 'bool', 'int64', 'int32'].includes(type)) continue;
        parameters[field.json] = {
          type: type === 'bool' ? 'boolean' : type === 'string' ? 'string' : 'integer',
          description: goDescription(field.doc),
        };
      }
      this.metadata.queryParameters[name] = parameters;
    }
  }

  /** Structs that kubernetes-types knows or that a known struct's new field refers to. */
  private isApiStruct(pkg: GoPackage, name: string): boolean {
    return `${pkg.prefix}.${name}` in this.known;
  }

  private describeStruct(
    pkg: GoPackage,
    id: string,
    struct: GoStruct,
    fields: { pkg: GoPackage; field: GoField }[],
  ): void {
    const entry: DefinitionMetadata = {};
    const structType = struct.markers.get('structType')?.[0];
    if (structType) entry.mapType = structType;
    const known = this.known[id];
    const addedProperties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const { pkg: owner, field } of fields) {
      const metadata = this.fieldMetadata(owner, field);
      if (Object.keys(metadata).length > 0) (entry.fields ??= {})[field.json] = metadata;
      if (known?.properties?.[field.json] === undefined) {
        addedProperties[field.json] = {
          ...this.typeSchema(owner, field.goType),
          ...description(goDescription(field.doc)),
        };
        if (!field.omitempty && !field.markers.has('optional')) required.push(field.json);
      }
    }
    if (Object.keys(entry).length > 0) this.metadata.definitions[id] = entry;
    if (known === undefined) {
      this.metadata.added[id] = {
        type: 'object',
        ...description(goDescription(struct.doc)),
        properties: addedProperties,
        ...(required.length > 0 ? { required } : {}),
      };
    } else if (Object.keys(addedProperties).length > 0) {
      this.metadata.added[id] = { properties: addedProperties };
    }
  }

  private fieldMetadata(pkg: GoPackage, field: GoField): FieldMetadata {
    const metadata: FieldMetadata = {};
    const marker = (name: string) => field.markers.get(name)?.[0];
    if (field.patchStrategy) metadata.patchStrategy = field.patchStrategy;
    if (field.patchMergeKey) metadata.patchMergeKey = field.patchMergeKey;
    const listType = marker('listType');
    if (listType) metadata.listType = listType;
    const keys = field.markers.get('listMapKey');
    if (keys) metadata.listMapKeys = keys;
    const mapType = marker('mapType') ?? marker('structType');
    if (mapType) metadata.mapType = mapType;
    const format = this.format(pkg, field.goType);
    if (format) metadata.format = format;
    const goType = this.goTypeString(pkg, field.goType, false);
    if (goType !== this.goTypeString(pkg, field.goType, true)) metadata.goType = goType;
    const enumType = this.enumOf(pkg, field.goType.replace(/^\[\]/, ''));
    if (enumType) metadata.enum = enumType;
    return metadata;
  }

  /** The struct's JSON fields with embedded structs flattened, as encoding/json sees them. */
  private fields(pkg: GoPackage, name: string): { pkg: GoPackage; field: GoField }[] {
    const struct = pkg.structs.get(name);
    if (!struct) return [];
    return struct.fields.flatMap((field) => {
      if (!field.inline) return field.json && field.json !== '-' ? [{ pkg, field }] : [];
      const target = this.resolve(pkg, field.goType.replace(/^\*/, ''));
      // TypeMeta's apiVersion and kind are declared by every kind's definition already.
      if (target.name === 'TypeMeta' || !target.pkg) return [];
      return this.fields(target.pkg, target.name);
    });
  }

  private resolve(pkg: GoPackage, ident: string): { pkg?: GoPackage; path: string; name: string } {
    const dot = ident.indexOf('.');
    if (dot < 0) return { pkg, path: pkg.path, name: ident };
    const target = pkg.imports.get(ident.slice(0, dot)) ?? '';
    return { pkg: this.packages.get(target), path: target, name: ident.slice(dot + 1) };
  }

  /** reflect.Type.String(); `unnamed` replaces named non-struct types by their underlying type. */
  private goTypeString(pkg: GoPackage, type: string, unnamed: boolean): string {
    if (type.startsWith('*')) return this.goTypeString(pkg, type.slice(1), unnamed);
    if (type === '[]byte') return '[]uint8';
    if (type.startsWith('[]')) return `[]${this.goTypeString(pkg, type.slice(2), unnamed)}`;
    if (type.startsWith('map[')) {
      const close = type.indexOf(']');
      const key = this.goTypeString(pkg, type.slice(4, close), unnamed);
      return `map[${key}]${this.goTypeString(pkg, type.slice(close + 1), unnamed)}`;
    }
    if (BASIC_TYPES.has(type)) return type === 'byte' ? 'uint8' : type;
    const target = this.resolve(pkg, type);
    const underlying = target.pkg?.named.get(target.name);
    if (unnamed && target.pkg && underlying !== undefined) {
      return this.goTypeString(target.pkg, underlying, true);
    }
    if (unnamed && `${target.path}.${target.name}` === 'k8s.io/apimachinery/pkg/types.UID') {
      return 'string';
    }
    return `${target.path.split('/').at(-1) ?? ''}.${target.name}`;
  }

  private underlying(pkg: GoPackage, type: string): { pkg: GoPackage; type: string } {
    const bare = type.replace(/^\*/, '');
    if (BASIC_TYPES.has(bare) || bare.startsWith('[') || bare.startsWith('map[')) {
      return { pkg, type: bare };
    }
    const target = this.resolve(pkg, bare);
    const underlying = target.pkg?.named.get(target.name);
    if (target.pkg && underlying !== undefined) return this.underlying(target.pkg, underlying);
    if (`${target.path}.${target.name}` === 'k8s.io/apimachinery/pkg/types.UID') {
      return { pkg, type: 'string' };
    }
    return { pkg, type: bare };
  }

  /** The OpenAPI format of a field's scalar (or of its list items or map values). */
  private format(pkg: GoPackage, type: string): string | undefined {
    const { pkg: owner, type: underlying } = this.underlying(pkg, type);
    if (underlying === 'int64') return 'int64';
    if (underlying === 'int32') return 'int32';
    if (underlying === 'float64') return 'double';
    if (underlying === '[]byte') return 'byte';
    if (underlying.startsWith('[]')) return this.format(owner, underlying.slice(2));
    if (underlying.startsWith('map[')) {
      return this.format(owner, underlying.slice(underlying.indexOf(']') + 1));
    }
    return undefined;
  }

  private enumOf(pkg: GoPackage, type: string): string | undefined {
    const bare = type.replace(/^\*/, '');
    if (BASIC_TYPES.has(bare) || bare.startsWith('[') || bare.startsWith('map[')) return undefined;
    const target = this.resolve(pkg, bare);
    if (!target.pkg?.enumTypes.has(target.name)) return undefined;
    const id = `${target.pkg.prefix}.${target.name}`;
    if (!(id in this.metadata.enums)) {
      const constants = target.pkg.constants.get(target.name) ?? [];
      this.metadata.enums[id] = enumDescription(constants);
    }
    return id;
  }

  /** An OpenAPI v3 schema for a Go field type, for the fields kubernetes-types lacks. */
  private typeSchema(pkg: GoPackage, type: string): JsonSchema {
    const { pkg: owner, type: underlying } = this.underlying(pkg, type);
    switch (underlying) {
      case 'string':
        return { type: 'string' };
      case 'bool':
        return { type: 'boolean' };
      case 'int32':
      case 'int64':
        return { type: 'integer', format: underlying };
      case 'float64':
        return { type: 'number', format: 'double' };
      case '[]byte':
        return { type: 'string', format: 'byte' };
    }
    if (underlying.startsWith('[]')) {
      return { type: 'array', items: this.typeSchema(owner, underlying.slice(2)) };
    }
    if (underlying.startsWith('map[')) {
      const value = underlying.slice(underlying.indexOf(']') + 1);
      return { type: 'object', additionalProperties: this.typeSchema(owner, value) };
    }
    const target = this.resolve(owner, underlying);
    const external = EXTERNAL_DEFINITIONS[`${target.path}.${target.name}`];
    if (external) return { $ref: `#/components/schemas/${external}` };
    if (!target.pkg?.structs.has(target.name)) {
      throw new Error(`${pkg.path}: cannot map Go type ${type}`);
    }
    const id = `${target.pkg.prefix}.${target.name}`;
    if (!(id in this.known) && !(id in this.metadata.added)) {
      const struct = target.pkg.structs.get(target.name) as GoStruct;
      this.metadata.added[id] = {};
      this.describeStruct(target.pkg, id, struct, this.fields(target.pkg, target.name));
    }
    return { $ref: `#/components/schemas/${id}` };
  }

  private findRemoved(): void {
    for (const pkg of this.packages.values()) {
      for (const [id, schema] of Object.entries(this.known)) {
        if (!id.startsWith(`${pkg.prefix}.`)) continue;
        const name = id.slice(pkg.prefix.length + 1);
        if (!pkg.structs.has(name)) {
          // Empty structs (meta/v1 Patch) are written on one line and have no fields to check.
          if (Object.keys(schema.properties ?? {}).length > 0) this.metadata.removed.push(id);
          continue;
        }
        const fields = new Set(this.fields(pkg, name).map(({ field }) => field.json));
        for (const property of Object.keys(schema.properties ?? {})) {
          if (property !== 'apiVersion' && property !== 'kind' && !fields.has(property)) {
            this.metadata.removed.push(`${id}.${property}`);
          }
        }
      }
    }
  }
}

/** enum.go's DescriptionLines, as generateDescription renders them. */
function enumDescription(constants: { name: string; value: string; doc: string[] }[]): {
  values: string[];
  description: string;
} {
  const byValue = new Map<string, { name: string; comment: string }>();
  for (const { name, value, doc } of constants) {
    const comment = doc.join(' ');
    const existing = byValue.get(value);
    if (
      !existing ||
      existing.comment.length < comment.length ||
      (existing.comment.length === comment.length && existing.comment > comment)
    ) {
      byValue.set(value, { name, comment });
    }
  }
  const values = [...byValue.keys()].sort(compare);
  const lines = [...byValue].map(([value, { name, comment }]) => {
    const text = comment
      .trim()
      .replace(new RegExp(`^${name}`), '')
      .trim()
      .replace(/\s+/g, ' ');
    return ` - \`${JSON.stringify(value)}\` ${text}`;
  });
  lines.sort(compare);
  return { values, description: goDescription(['', 'Possible enum values:', ...lines]) };
}

function description(text: string): { description?: string } {
  return text ? { description: text } : {};
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function goFiles(gitDir: string, tag: string, dir: string): string[] {
  return execFileSync('git', ['-C', gitDir, 'ls-tree', '--name-only', tag, `${dir}/`], {
    encoding: 'utf8',
  })
    .split('\n')
    .filter(
      (file) =>
        file.endsWith('.go') &&
        !file.endsWith('_test.go') &&
        !/generated|register\.go|doc\.go$/.test(file),
    );
}

function main(): void {
  const [apiDir, machineryDir, tag] = process.argv.slice(2);
  if (!apiDir || !machineryDir || !tag) {
    throw new Error(
      'usage: extract-api-metadata.ts <k8s.io/api dir> <k8s.io/apimachinery dir> <tag>',
    );
  }
  const show = (gitDir: string) => (file: string) =>
    execFileSync('git', ['-C', gitDir, 'show', `${tag}:${file}`], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
  const packages = new Map<string, GoPackage>();
  for (const dir of API_PACKAGES) {
    const importPath = `k8s.io/api/${dir}`;
    const prefix = `io.k8s.api.${dir.replace('/', '.')}`;
    packages.set(
      importPath,
      parsePackage(importPath, prefix, goFiles(apiDir, tag, dir), show(apiDir)),
    );
  }
  packages.set(
    META_PACKAGE,
    parsePackage(
      META_PACKAGE,
      'io.k8s.apimachinery.pkg.apis.meta.v1',
      goFiles(machineryDir, tag, 'pkg/apis/meta/v1'),
      show(machineryDir),
    ),
  );
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const typesDir = path.dirname(
    createRequire(import.meta.url).resolve('kubernetes-types/package.json'),
  );
  const known = Object.fromEntries(
    Object.entries(generateSchemas(typesDir).definitions).map(([id, schema]) => [
      upstreamDefinitionId(id),
      schema,
    ]),
  );
  const source =
    `k8s.io/api and k8s.io/apimachinery (pkg/apis/meta/v1) ${tag}: struct tags, markers, ` +
    'enums and fields missing from kubernetes-types; written by scripts/extract-api-metadata.ts';
  const metadata = new Extractor(packages, known, source).run();
  writeFileSync(
    path.join(root, 'scripts', 'k8s-api-metadata.json'),
    `${JSON.stringify(metadata, null, 2)}\n`,
  );
}

if (
  process.argv[1] !== undefined &&
  path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
) {
  main();
}
