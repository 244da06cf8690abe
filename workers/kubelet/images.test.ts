import { describe, expect, it } from 'vitest';
import { findImage, imageName, normalizeImage } from './images.ts';

const DIGEST = 'sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31';

describe('normalizeImage', () => {
  it.each<[string, { repository: string; tag: string; digest?: string }]>([
    ['nginx', { repository: 'docker.io/library/nginx', tag: 'latest' }],
    ['nginx:1.27', { repository: 'docker.io/library/nginx', tag: '1.27' }],
    ['bitnami/redis:7.4', { repository: 'docker.io/bitnami/redis', tag: '7.4' }],
    ['docker.io/nginx', { repository: 'docker.io/library/nginx', tag: 'latest' }],
    ['docker.io/library/nginx:1.27', { repository: 'docker.io/library/nginx', tag: '1.27' }],
    ['index.docker.io/nginx', { repository: 'docker.io/library/nginx', tag: 'latest' }],
    ['registry.k8s.io/pause:3.10', { repository: 'registry.k8s.io/pause', tag: '3.10' }],
    [
      'registry.k8s.io/e2e-test-images/agnhost:2.53',
      { repository: 'registry.k8s.io/e2e-test-images/agnhost', tag: '2.53' },
    ],
    ['localhost:5000/app', { repository: 'localhost:5000/app', tag: 'latest' }],
    ['localhost:5000/team/app:v2', { repository: 'localhost:5000/team/app', tag: 'v2' }],
    ['localhost/app', { repository: 'localhost/app', tag: 'latest' }],
    ['ghcr.io/org/tool:1.0', { repository: 'ghcr.io/org/tool', tag: '1.0' }],
    [`nginx@${DIGEST}`, { repository: 'docker.io/library/nginx', tag: '', digest: DIGEST }],
    [
      `nginx:1.27@${DIGEST}`,
      { repository: 'docker.io/library/nginx', tag: '1.27', digest: DIGEST },
    ],
    [`localhost:5000/app@${DIGEST}`, { repository: 'localhost:5000/app', tag: '', digest: DIGEST }],
  ])('normalizes %s', (image, expected) => {
    expect(normalizeImage(image)).toEqual(expected);
  });
});

describe('imageName', () => {
  it.each<[string, string]>([
    ['nginx', 'docker.io/library/nginx:latest'],
    ['nginx:1.27', 'docker.io/library/nginx:1.27'],
    ['registry.k8s.io/pause:3.10', 'registry.k8s.io/pause:3.10'],
    [`nginx@${DIGEST}`, `docker.io/library/nginx@${DIGEST}`],
    [`nginx:1.27@${DIGEST}`, `docker.io/library/nginx@${DIGEST}`],
  ])('keeps %s as %s', (image, name) => {
    expect(imageName(image)).toBe(name);
  });
});

describe('findImage', () => {
  it.each<[string, number | undefined]>([
    ['nginx', 72_938_476],
    ['docker.io/library/nginx:1.27', 72_938_476],
    [`busybox@${DIGEST}`, 2_155_244],
    ['registry.k8s.io/pause:3.10', 320_368],
    ['ngnix', undefined],
    ['localhost:5000/app', undefined],
  ])('finds %s in the catalog by repository', (image, size) => {
    expect(findImage(image)?.size).toBe(size);
  });
});
