// Label helpers kubectl prints with (apimachinery pkg/labels): `a=1,b=2` sorted by key, or
// `<none>`.

export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((key) => `${key}=${labels?.[key] ?? ''}`).join(',');
}
