// Client-side `kubectl apply -f` (kubectl pkg/cmd/apply/apply.go, patcher.go): per object, GET it;
// if absent, create it carrying the last-applied-configuration annotation; otherwise send the
// three-way patch between the last applied configuration, the manifest and the live object,
// or nothing when the patch is empty. Built-in kinds get a strategic merge patch, others a JSON
// merge patch. Output lines are kubectl's (`pod/nginx created`).

import {
  createThreeWayMergePatch as createThreeWayJsonMergePatch,
  type JsonObject,
} from '../api/json-merge-patch.ts';
import { createThreeWayMergePatch } from '../api/patch/strategic-diff.ts';
import { PatchMetaSchema } from '../api/patch/strategic-meta.ts';
import { goSortedJson, LAST_APPLIED } from '../api/last-applied.ts';
import { kindSchema } from '../api/schema/schema.ts';
import type { PatchType } from '../client/client.ts';
import { isNotFound, StatusError, type Client } from '../client/client.ts';
import type { KubeObject } from '../client/protocol.ts';
import { NoKindMatchError, type Discovery, type Mapping } from './discovery.ts';
import { formatStatusError } from './errors.ts';

const FIELD_MANAGER = 'kubectl-client-side-apply';
/** kubectl's --validate=strict, which the server supports. */
const FIELD_VALIDATION = 'Strict';
const MAX_PATCH_RETRIES = 5;

export interface ApplyLine {
  ok: boolean;
  text: string;
  /** The object the line is about, e.g. `pods/default/nginx`. */
  ref?: string;
}

/**
 * The manifest with its own last-applied annotation, as GetModifiedConfiguration builds it: the
 * annotations it records are an empty map when the manifest has none.
 */
function withLastApplied(object: KubeObject): KubeObject {
  const metadata = { ...object.metadata };
  const annotations = { ...metadata.annotations };
  delete annotations[LAST_APPLIED];
  const bare: KubeObject = { ...object, metadata: { ...metadata, annotations } };
  const serialized = `${goSortedJson(bare)}\n`;
  return {
    ...object,
    metadata: { ...metadata, annotations: { ...annotations, [LAST_APPLIED]: serialized } },
  };
}

/**
 * patchSimple: a strategic merge patch where the kind's schema is known (kubectl asks the
 * server's OpenAPI), a JSON merge patch otherwise.
 */
function threeWayPatch(
  mapping: Mapping,
  original: unknown,
  modified: KubeObject,
  current: KubeObject,
): { type: PatchType; patch: Record<string, unknown> } {
  const type = kindSchema({ group: mapping.group, version: mapping.version, kind: mapping.kind });
  if (!type) {
    return { type: 'merge', patch: createThreeWayJsonMergePatch(original, modified, current) };
  }
  const patch = createThreeWayMergePatch(
    (original ?? {}) as JsonObject,
    modified as JsonObject,
    current as JsonObject,
    new PatchMetaSchema(type),
  );
  return { type: 'strategic', patch };
}

function displayName(mapping: Mapping, name: string): string {
  const kind = mapping.kind.toLowerCase();
  return `${mapping.group ? `${kind}.${mapping.group}` : kind}/${name}`;
}

function errorText(error: unknown): string {
  if (error instanceof StatusError) return formatStatusError(error.status);
  return `error: ${error instanceof Error ? error.message : String(error)}`;
}

export async function applyObjects(
  objects: readonly KubeObject[],
  options: { client: Client; discovery: Discovery; namespace?: string; source: string },
): Promise<ApplyLine[]> {
  const lines: ApplyLine[] = [];
  for (const object of objects) {
    const name = object.metadata?.name ?? '';
    let mapping: Mapping;
    try {
      mapping = await options.discovery.mapping(object.apiVersion ?? '', object.kind ?? '');
    } catch (error) {
      if (!(error instanceof NoKindMatchError)) throw error;
      const namespace = object.metadata?.namespace ?? '';
      lines.push({
        ok: false,
        text: `error: resource mapping not found for name: "${name}" namespace: "${namespace}" from "${options.source}": ${error.message}\nensure CRDs are installed first`,
      });
      continue;
    }
    const namespace = mapping.namespaced
      ? (object.metadata?.namespace ?? options.namespace ?? 'default')
      : undefined;
    const resource = options.client.resource<KubeObject>(mapping, namespace);
    const ref = namespace
      ? `${mapping.resource}/${namespace}/${name}`
      : `${mapping.resource}/${name}`;
    // The resource builder puts the namespace into the object before anything is computed.
    const modified = withLastApplied(
      namespace === undefined ? object : { ...object, metadata: { ...object.metadata, namespace } },
    );
    try {
      const live = await resource.get(name).catch((error: unknown) => {
        if (isNotFound(error)) return null;
        throw error;
      });
      if (!live) {
        await resource.create(modified, {
          fieldManager: FIELD_MANAGER,
          fieldValidation: FIELD_VALIDATION,
        });
        lines.push({ ok: true, text: `${displayName(mapping, name)} created`, ref });
        continue;
      }
      let current: KubeObject = live;
      for (let attempt = 1; ; attempt++) {
        const original: unknown = JSON.parse(
          current.metadata?.annotations?.[LAST_APPLIED] ?? 'null',
        );
        const { type, patch } = threeWayPatch(mapping, original, modified, current);
        if (Object.keys(patch).length === 0) {
          lines.push({ ok: true, text: `${displayName(mapping, name)} unchanged`, ref });
          break;
        }
        try {
          await resource.patch(name, type, patch, {
            fieldManager: FIELD_MANAGER,
            fieldValidation: FIELD_VALIDATION,
          });
          lines.push({ ok: true, text: `${displayName(mapping, name)} configured`, ref });
          break;
        } catch (error) {
          // On a conflict kubectl reads the object again and retries, up to five times.
          if (
            !(error instanceof StatusError) ||
            error.status.reason !== 'Conflict' ||
            attempt >= MAX_PATCH_RETRIES
          )
            throw error;
          current = await resource.get(name);
        }
      }
    } catch (error) {
      lines.push({ ok: false, text: errorText(error), ref });
    }
  }
  return lines;
}
