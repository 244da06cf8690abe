// Timestamps as Kubernetes serializes them: metav1.Time is RFC 3339 with seconds precision,
// metav1.MicroTime (Event.eventTime, Lease.renewTime) carries microseconds.

/** `2025-01-15T10:04:05Z` */
export function formatTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** `2025-01-15T10:04:05.123456Z` (virtual time has millisecond resolution, so the last three digits are 0). */
export function formatMicroTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** Milliseconds since the epoch of a metav1.Time or MicroTime string. */
export function parseTime(text: string): number {
  return Date.parse(text);
}
