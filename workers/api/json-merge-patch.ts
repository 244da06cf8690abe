// JSON merge patch (RFC 7386) as evanphx/json-patch v4 applies it for the apiserver (nulls are
// also pruned from objects inside the lists it sets), and the three-way variant client-side
// `kubectl apply` computes for kinds without a strategic-merge schema (apimachinery
// pkg/util/jsonmergepatch/patch.go CreateThreeWayJSONMergePatch).

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = Record<string, Json>;

/**
 * A deep copy through JSON, which is what a request body is on the wire anyway: fields set to
 * undefined disappear, as they would in transit (and it is faster than structuredClone).
 */
export function copyJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** pruneNulls: a value taken from the patch loses its null members (list items stay). */
function pruneNulls(value: Json): Json {
  if (Array.isArray(value)) return value.map((item) => (item === null ? null : pruneNulls(item)));
  if (!isJsonObject(value)) return value;
  const result: JsonObject = {};
  for (const [key, item] of Object.entries(value))
    if (item !== null) result[key] = pruneNulls(item);
  return result;
}

/**
 * mergeDocs (evanphx/json-patch v4 merge.go): null deletes, objects merge into objects, and
 * anything else replaces; a value that lands where no object was has its nulls pruned.
 */
function mergePatchInto(target: JsonObject, patch: JsonObject): JsonObject {
  for (const [key, value] of Object.entries(patch)) {
    const current = target[key];
    if (value === null) delete target[key];
    else if (!isJsonObject(current)) target[key] = pruneNulls(value);
    else target[key] = isJsonObject(value) ? mergePatchInto(current, value) : copyJson(value);
  }
  return target;
}

/** Applies `patch` to `target` without modifying either (doMergePatch; a scalar patch wins). */
export function applyMergePatch(target: unknown, patch: unknown): Json {
  if (!isJsonObject(patch)) return pruneNulls(copyJson(patch as Json));
  const copy = copyJson(target as Json);
  return isJsonObject(copy) ? mergePatchInto(copy, patch) : pruneNulls(copyJson(patch));
}

export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => jsonEqual(item, b[index]));
  }
  if (isJsonObject(a) && isJsonObject(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((key) => key in b && jsonEqual(a[key], b[key]))
    );
  }
  return false;
}

/** The merge patch that turns `from` into `to` (additions and changes only, or deletions too). */
function diff(from: JsonObject, to: JsonObject, withDeletions: boolean): JsonObject {
  const patch: JsonObject = {};
  for (const [key, value] of Object.entries(to)) {
    const old = from[key];
    if (isJsonObject(old) && isJsonObject(value)) {
      const nested = diff(old, value, withDeletions);
      if (Object.keys(nested).length > 0) patch[key] = nested;
    } else if (!jsonEqual(old, value)) {
      patch[key] = structuredClone(value);
    }
  }
  if (withDeletions) {
    for (const key of Object.keys(from)) if (!(key in to)) patch[key] = null;
  }
  return patch;
}

/** Keeps only the deletions (null leaves) of a patch. */
function deletionsOnly(patch: JsonObject): JsonObject {
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) result[key] = null;
    else if (isJsonObject(value)) {
      const nested = deletionsOnly(value);
      if (Object.keys(nested).length > 0) result[key] = nested;
    }
  }
  return result;
}

function merge(a: JsonObject, b: JsonObject): JsonObject {
  const result: JsonObject = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const existing = result[key];
    result[key] = isJsonObject(existing) && isJsonObject(value) ? merge(existing, value) : value;
  }
  return result;
}

/**
 * The patch client-side apply sends: fields deleted from the last applied configuration
 * (`original`) are removed, fields of the new manifest (`modified`) that differ from the live
 * object (`current`) are set. Fields other writers added to the live object are left alone.
 */
export function createThreeWayMergePatch(
  original: unknown,
  modified: unknown,
  current: unknown,
): JsonObject {
  const originalObject = isJsonObject(original) ? original : {};
  const modifiedObject = isJsonObject(modified) ? modified : {};
  const currentObject = isJsonObject(current) ? current : {};
  const deletions = deletionsOnly(diff(originalObject, modifiedObject, true));
  const changes = diff(currentObject, modifiedObject, false);
  return merge(deletions, changes);
}
