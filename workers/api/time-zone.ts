// Go's time.LoadLocation as kube-apiserver answers it (IANA names from the embedded tzdata),
// answered here from the runtime's ICU time zone data. Left out: ICU and Go's tzdata may differ
// on a rare link name, and names in a wrong case that ICU canonicalizes are only caught when
// they have no upper-case letter at all (no IANA name is all lower case).

/** The error LoadLocation gives for `name`, or null when the location loads. */
export function loadLocationError(name: string): string | null {
  if (name === '' || name === 'UTC' || name === 'Local') return null;
  if (name.includes('..') || name.startsWith('/') || name.startsWith('\\'))
    return 'time: invalid location name';
  const unknown = `unknown time zone ${name}`;
  if (name === name.toLowerCase()) return unknown;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return null;
  } catch {
    return unknown;
  }
}
