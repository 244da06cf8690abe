// Scheme defaulting for pods and pod templates (pkg/apis/core/v1/defaults.go: SetDefaults_Pod,
// SetDefaults_PodSpec, SetDefaults_Container, SetDefaults_Probe, SetDefaults_Volume,
// SetDefaults_ResourceList) and the quantity decoding that precedes it.
// Left out: ephemeral containers, Windows options, hostNetwork port copying for init containers.

import type {
  Container,
  PodSpec,
  Probe,
  ResourceRequirements,
  Volume,
} from 'kubernetes-types/core/v1';
import { isParseError } from '../../api/errors.ts';
import { parseQuantity } from '../../api/quantity.ts';

/**
 * SetDefaults_Container via parsers.ParseImageName: `:latest`, or no tag and no digest, means
 * Always; an image reference that does not parse (upper case) gets IfNotPresent.
 */
export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  const [reference = '', digest] = image.split('@');
  const colon = reference.lastIndexOf(':');
  const hasTag = colon > reference.lastIndexOf('/');
  const repository = hasTag ? reference.slice(0, colon) : reference;
  const tag = hasTag ? reference.slice(colon + 1) : '';
  // ParseNormalizedNamed rejects upper-case repositories; the tag is then unknown.
  if (repository === '' || /[A-Z]/.test(repository)) return 'IfNotPresent';
  if (tag === 'latest') return 'Always';
  return tag === '' && digest === undefined ? 'Always' : 'IfNotPresent';
}

function defaultProbe(probe: Probe | undefined): void {
  if (!probe) return;
  const mutable = probe;
  mutable.timeoutSeconds ??= 1;
  mutable.periodSeconds ??= 10;
  mutable.successThreshold ??= 1;
  mutable.failureThreshold ??= 3;
  if (probe.httpGet) {
    const httpGet = probe.httpGet as { path?: string; scheme?: string };
    httpGet.path ??= '/';
    httpGet.scheme ??= 'HTTP';
  }
}

/** SetDefaults_Pod: a limit without a request makes the request equal to the limit. */
function defaultRequestsFromLimits(resources: ResourceRequirements): void {
  const limits = resources.limits;
  if (!limits) return;
  const requests = (resources as { requests?: Record<string, string> }).requests ?? {};
  for (const [name, value] of Object.entries(limits))
    if (!(name in requests)) requests[name] = value;
  (resources as { requests?: Record<string, string> }).requests = requests;
}

function defaultContainer(container: Container): void {
  const mutable = container as Container & { imagePullPolicy?: string };
  mutable.terminationMessagePath ??= '/dev/termination-log';
  mutable.terminationMessagePolicy ??= 'File';
  // An empty image does not parse, so it gets IfNotPresent; validation reports the image alone.
  mutable.imagePullPolicy ??= defaultPullPolicy(container.image ?? '');
  mutable.resources ??= {};
  for (const port of mutable.ports ?? []) (port as { protocol?: string }).protocol ??= 'TCP';
  for (const env of mutable.env ?? []) {
    const fieldRef = env.valueFrom?.fieldRef as { apiVersion?: string } | undefined;
    if (fieldRef) fieldRef.apiVersion ??= 'v1';
  }
  defaultProbe(mutable.livenessProbe);
  defaultProbe(mutable.readinessProbe);
  defaultProbe(mutable.startupProbe);
}

function defaultVolume(volume: Volume): void {
  const mutable = volume as Volume & Record<string, unknown>;
  const sources = [
    'hostPath',
    'emptyDir',
    'secret',
    'configMap',
    'projected',
    'downwardAPI',
    'persistentVolumeClaim',
  ];
  if (
    !sources.some((source) => mutable[source] !== undefined) &&
    Object.keys(mutable).length === 1
  ) {
    mutable.emptyDir = {};
  }
  for (const source of ['secret', 'configMap', 'projected', 'downwardAPI'] as const) {
    const value = mutable[source];
    if (value) value.defaultMode ??= 420;
  }
}

/**
 * The v1 conversion of PodSpec: `serviceAccount` is the deprecated alias of `serviceAccountName`,
 * read when the name is empty and always written back equal to it.
 */
export function syncDeprecatedServiceAccount(spec: PodSpec): void {
  const mutable = spec as { serviceAccount?: string; serviceAccountName?: string };
  if (!mutable.serviceAccountName && mutable.serviceAccount)
    mutable.serviceAccountName = mutable.serviceAccount;
  if (mutable.serviceAccountName) mutable.serviceAccount = mutable.serviceAccountName;
  else delete mutable.serviceAccount;
}

/** SetDefaults_PodSpec and the container and volume defaults under it: pods and pod templates. */
export function defaultPodSpec(spec: PodSpec): void {
  syncDeprecatedServiceAccount(spec);
  const mutable = spec as PodSpec & Record<string, unknown>;
  mutable.dnsPolicy ??= 'ClusterFirst';
  mutable.restartPolicy ??= 'Always';
  mutable.securityContext ??= {};
  mutable.terminationGracePeriodSeconds ??= 30;
  mutable.schedulerName ??= 'default-scheduler';
  for (const volume of spec.volumes ?? []) defaultVolume(volume);
  for (const container of spec.initContainers ?? []) defaultContainer(container);
  for (const container of spec.containers ?? []) defaultContainer(container);
}

/** SetDefaults_Pod, which pod templates do not get, then the spec defaults. */
export function defaultPod(spec: PodSpec): void {
  const containers = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
  for (const container of containers) {
    if (container.resources) defaultRequestsFromLimits(container.resources);
  }
  (spec as { enableServiceLinks?: boolean }).enableServiceLinks ??= true;
  if (spec.hostNetwork) {
    for (const container of containers) {
      for (const port of container.ports ?? []) {
        const mutablePort = port as { hostPort?: number; containerPort: number };
        if ((mutablePort.hostPort ?? 0) === 0) mutablePort.hostPort = mutablePort.containerPort;
      }
    }
  }
  defaultPodSpec(spec);
}

/**
 * Quantities are parsed while decoding, so a bad one fails the whole request with 400 before any
 * validation (transformDecodeError); valid ones are kept as written.
 */
export function checkPodSpecQuantities(spec: PodSpec | undefined): string | null {
  for (const container of [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])]) {
    const { limits = {}, requests = {} } = container.resources ?? {};
    for (const value of [...Object.values(limits), ...Object.values(requests)]) {
      const parsed = parseQuantity(value);
      if (isParseError(parsed)) return parsed.error;
    }
  }
  return null;
}
