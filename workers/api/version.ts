// The Kubernetes release the playground mirrors, as components report it: the API server's
// /version and the User-Agent client-go builds (rest.DefaultKubernetesUserAgent), whose product
// name becomes the field manager of writes that name none.

export const GIT_VERSION = 'v1.32.4';
export const GIT_COMMIT = '0000000000000000000000000000000000000000';

/** `kubelet/v1.32.4 (linux/amd64) kubernetes/0000000`, for the program `product`. */
export function defaultUserAgent(product: string): string {
  return `${product}/${GIT_VERSION} (linux/amd64) kubernetes/${GIT_COMMIT.slice(0, 7)}`;
}
