// The images the simulated runtime can pull, with their real compressed sizes (amd64, Docker Hub,
// late 2024), their ENTRYPOINT and CMD, what their usual process uses when idle (what `kubectl top`
// shows for a fresh container of each) and the name normalization containerd applies
// (`nginx` → `docker.io/library/nginx:latest`).

export interface CatalogImage {
  repository: string;
  /** Bytes, as `Image size: N bytes.` reports. */
  size: number;
  /** Default listening ports of the image's usual process. */
  ports: number[];
  /** The image config's ENTRYPOINT and CMD, which a container's command and args replace. */
  entrypoint: string[];
  cmd: string[];
  /** The network programs on the image's PATH (busybox's applets, curl). */
  tools?: string[];
  /** CPU the idle process uses, in millicores (timers, housekeeping). */
  idleMillicores: number;
  /** The idle process's working set, in bytes. */
  workingSetBytes: number;
  /** CPU time one request served costs, in core-milliseconds (for the servers that do work). */
  requestCpuMs?: number;
}

const KI = 1024;
const MI = 1024 * KI;

const CATALOG: Record<string, CatalogImage> = {
  'docker.io/library/nginx': {
    repository: 'docker.io/library/nginx',
    size: 72_938_476,
    ports: [80],
    entrypoint: ['/docker-entrypoint.sh'],
    cmd: ['nginx', '-g', 'daemon off;'],
    idleMillicores: 0.1,
    workingSetBytes: 7 * MI,
  },
  'docker.io/library/busybox': {
    repository: 'docker.io/library/busybox',
    size: 2_155_244,
    ports: [],
    entrypoint: [],
    cmd: ['sh'],
    tools: ['wget', 'nslookup'],
    idleMillicores: 0,
    workingSetBytes: 400 * KI,
  },
  'docker.io/library/redis': {
    repository: 'docker.io/library/redis',
    size: 45_960_180,
    ports: [6379],
    entrypoint: ['docker-entrypoint.sh'],
    cmd: ['redis-server'],
    idleMillicores: 1.5,
    workingSetBytes: 3276 * KI,
  },
  'docker.io/library/httpd': {
    repository: 'docker.io/library/httpd',
    size: 58_171_336,
    ports: [80],
    entrypoint: [],
    cmd: ['httpd-foreground'],
    idleMillicores: 0.2,
    workingSetBytes: 6656 * KI,
  },
  'docker.io/library/alpine': {
    repository: 'docker.io/library/alpine',
    size: 3_623_807,
    ports: [],
    entrypoint: [],
    cmd: ['/bin/sh'],
    tools: ['wget', 'nslookup'],
    idleMillicores: 0,
    workingSetBytes: 512 * KI,
  },
  'docker.io/library/postgres': {
    repository: 'docker.io/library/postgres',
    size: 153_718_290,
    ports: [5432],
    entrypoint: ['docker-entrypoint.sh'],
    cmd: ['postgres'],
    idleMillicores: 0.8,
    workingSetBytes: 21 * MI,
  },
  'registry.k8s.io/pause': {
    repository: 'registry.k8s.io/pause',
    size: 320_368,
    ports: [],
    entrypoint: ['/pause'],
    cmd: [],
    idleMillicores: 0,
    workingSetBytes: 304 * KI,
  },
  'registry.k8s.io/e2e-test-images/agnhost': {
    repository: 'registry.k8s.io/e2e-test-images/agnhost',
    size: 51_198_290,
    ports: [80],
    entrypoint: ['/agnhost'],
    cmd: ['pause'],
    idleMillicores: 0.3,
    workingSetBytes: 9 * MI,
  },
  // The HorizontalPodAutoscaler walkthrough's php-apache: php:5-apache serving an index.php that
  // sums a million square roots before it answers "OK!".
  'registry.k8s.io/hpa-example': {
    repository: 'registry.k8s.io/hpa-example',
    size: 181_438_294,
    ports: [80],
    entrypoint: ['docker-php-entrypoint'],
    cmd: ['apache2-foreground'],
    idleMillicores: 1,
    workingSetBytes: 11 * MI,
    requestCpuMs: 20,
  },
};

/**
 * Splits a reference into repository, tag and digest, normalized like docker's reference library
 * (ParseNormalizedNamed + TagNameOnly): Docker Hub names gain `docker.io/` and, for official
 * images, `library/`; a reference with neither tag nor digest gets `latest`; a digest alone gets
 * no tag (tag is then '').
 */
export function normalizeImage(image: string): {
  repository: string;
  tag: string;
  digest?: string;
} {
  const [reference = '', digest] = image.split('@');
  const colon = reference.lastIndexOf(':');
  const hasTag = colon > reference.lastIndexOf('/');
  let repository = hasTag ? reference.slice(0, colon) : reference;
  const tag = hasTag ? reference.slice(colon + 1) : digest === undefined ? 'latest' : '';
  const slash = repository.indexOf('/');
  const firstSegment = slash === -1 ? '' : repository.slice(0, slash);
  const hasRegistry =
    firstSegment.includes('.') || firstSegment.includes(':') || firstSegment === 'localhost';
  let domain = hasRegistry ? firstSegment : 'docker.io';
  let path = hasRegistry ? repository.slice(slash + 1) : repository;
  if (domain === 'index.docker.io') domain = 'docker.io';
  if (domain === 'docker.io' && !path.includes('/')) path = `library/${path}`;
  repository = `${domain}/${path}`;
  return digest === undefined ? { repository, tag } : { repository, tag, digest };
}

/** The name the runtime keeps a pulled image under: `repo@digest` for digests, else `repo:tag`. */
export function imageName(image: string): string {
  const { repository, tag, digest } = normalizeImage(image);
  return digest === undefined ? `${repository}:${tag}` : `${repository}@${digest}`;
}

export function findImage(image: string): CatalogImage | undefined {
  return CATALOG[normalizeImage(image).repository];
}
