// kubectl's last-applied-configuration annotation, which client-side apply writes and server-side
// apply keeps in step (k8s.io/kubectl pkg/util/apply.go, apimachinery's
// fieldmanager/internal/lastappliedupdater.go): the object as Go's encoding/json prints a
// map[string]interface{}: keys sorted, HTML-sensitive characters escaped.

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

const GO_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

export function goString(text: string): string {
  return JSON.stringify(text).replace(/[<>&\u2028\u2029]/g, (char) => GO_ESCAPES[char] ?? char);
}

/** json.Marshal of decoded JSON: objects with sorted keys, no spaces. */
export function goSortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(goSortedJson).join(',')}]`;
  if (typeof value === 'string') return goString(value);
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  const object = value as Record<string, unknown>;
  const entries = Object.keys(object)
    .filter((key) => object[key] !== undefined)
    .sort()
    .map((key) => `${goString(key)}:${goSortedJson(object[key])}`);
  return `{${entries.join(',')}}`;
}
