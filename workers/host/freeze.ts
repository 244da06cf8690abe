// Deep freezing, the isolation components rely on: messages and stored objects are shared, never
// copied, so nobody may change them; a frozen object turns such a change into an error.

/**
 * Freezes a JSON-shaped value and everything in it; already frozen parts are skipped. Byte arrays
 * (protobuf request bodies) cannot be frozen and are left as they are: only decoders read them.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  if (ArrayBuffer.isView(value)) return value;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
  return value;
}
