// Deployment helpers kubectl shares between describe and rollout (kubectl's deploymentutil):
// templates compared without their pod-template-hash label, as Semantic.DeepEqual compares
// decoded objects (absent, null and empty values alike), and revisions.

/**
 * deploymentutil.EqualIgnoreHash: the template without the pod-template-hash label, compared as
 * Semantic.DeepEqual does decoded objects (absent, null and empty values alike).
 */
export function templateWithoutHash(template: unknown): string {
  const copy = JSON.parse(JSON.stringify(template ?? {})) as {
    metadata?: { labels?: Record<string, string> };
  };
  if (copy.metadata?.labels) delete copy.metadata.labels['pod-template-hash'];
  return JSON.stringify(canonical(copy));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map(canonical);
  if (typeof value !== 'object' || value === null) return value ?? undefined;
  const entries = Object.keys(value)
    .sort()
    .map((key) => [key, canonical((value as Record<string, unknown>)[key])] as const)
    .filter(([, item]) => item !== undefined);
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

/** deploymentutil.Revision: the revision annotation, 0 when absent. */
export function revisionOf(object: {
  metadata?: { annotations?: Record<string, string> };
}): number {
  return Number(object.metadata?.annotations?.['deployment.kubernetes.io/revision'] ?? '0') || 0;
}
