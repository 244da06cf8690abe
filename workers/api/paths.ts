// Splits a Kubernetes API path into its parts, as k8s.io/apiserver's RequestInfoFactory does for
// resource requests. Non-resource paths (/version, /api, /healthz) come back with isResource false.

export interface ResourcePath {
  isResource: boolean;
  /** `api` or `apis`. */
  prefix: string;
  group: string;
  version: string;
  namespace?: string;
  resource?: string;
  name?: string;
  subresource?: string;
  /** The non-resource path segments, for discovery requests. */
  parts: string[];
}

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

export function parseResourcePath(path: string): ResourcePath {
  const parts =
    path
      .split('?')[0]
      ?.split('/')
      .filter((part) => part !== '') ?? [];
  const nonResource: ResourcePath = {
    isResource: false,
    prefix: '',
    group: '',
    version: '',
    parts,
  };
  const prefix = parts[0];
  let rest: string[];
  let group = '';
  let version: string | undefined;
  if (prefix === 'api') {
    version = parts[1];
    rest = parts.slice(2);
  } else if (prefix === 'apis') {
    group = parts[1] ?? '';
    version = parts[2];
    rest = parts.slice(3);
  } else {
    return nonResource;
  }
  if (version === undefined || rest.length === 0)
    return { ...nonResource, prefix, group, version: version ?? '' };

  const result: ResourcePath = { isResource: true, prefix, group, version, parts };
  // The deprecated /watch/ prefix is accepted and stripped, like kube-apiserver does.
  if (rest[0] === 'watch') rest = rest.slice(1);
  // `/namespaces/x/status` and `/namespaces/x/finalize` are the namespace's own subresources.
  if (rest[0] === 'namespaces' && rest.length >= 3 && !NAMESPACE_SUBRESOURCES.has(rest[2] ?? '')) {
    result.namespace = rest[1];
    rest = rest.slice(2);
  }
  [result.resource, result.name, result.subresource] = rest;
  if (rest.length > 3) return { ...nonResource, prefix, group, version };
  return result;
}
