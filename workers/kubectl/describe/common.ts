// The pieces kubectl's describers share (kubectl pkg/describe/describe.go): labels,
// annotations (the last-applied one skipped, long values shortened), tolerations, taints,
// containers with their state, resources, probes, environment and mounts, volumes of the
// common kinds, the pod template, and the Events table. Times print in UTC.

import type {
  Container,
  ContainerState,
  ContainerStatus,
  Event,
  PodTemplateSpec,
  Probe,
  ResourceRequirements,
  Taint,
  Toleration,
  Volume,
} from 'kubernetes-types/core/v1';
import { humanDuration } from '../../api/duration.ts';
import { LAST_APPLIED } from '../../api/last-applied.ts';
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, type PrefixWriter } from './prefix-writer.ts';

const MAX_ANNOTATION_LEN = 140;
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** time.RFC1123Z in UTC: `Mon, 02 Jan 2006 15:04:05 +0000`. */
export function rfc1123z(timestamp: string | undefined): string {
  const date = new Date(timestamp ?? 0);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${DAYS[date.getUTCDay()] ?? ''}, ${two(date.getUTCDate())} ${MONTHS[date.getUTCMonth()] ?? ''} ${date.getUTCFullYear()} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`;
}

/** translateTimestampSince. */
export function since(timestamp: string | undefined | null, now: number): string {
  if (!timestamp) return '<unknown>';
  return humanDuration(now - Date.parse(timestamp));
}

export function printLabelsMultiline(
  w: PrefixWriter,
  title: string,
  labels: Record<string, string> | undefined,
): void {
  w.write(LEVEL_0, `${title}:\t`);
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  keys.forEach((key, index) => {
    if (index !== 0) w.write(LEVEL_0, '\t');
    w.write(LEVEL_0, `${key}=${labels?.[key] ?? ''}\n`);
  });
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}...` : text;
}

export function printAnnotationsMultiline(
  w: PrefixWriter,
  title: string,
  annotations: Record<string, string> | undefined,
): void {
  w.write(LEVEL_0, `${title}:\t`);
  const keys = Object.keys(annotations ?? {})
    .filter((key) => key !== LAST_APPLIED)
    .sort();
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  keys.forEach((key, index) => {
    if (index !== 0) w.write(LEVEL_0, '\t');
    const value = (annotations?.[key] ?? '').replace(/\n$/, '');
    if (value.length + key.length + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(LEVEL_0, `${key}:\n`);
      for (const line of value.split('\n'))
        w.write(LEVEL_0, `\t  ${shorten(line, MAX_ANNOTATION_LEN - 2)}\n`);
    } else w.write(LEVEL_0, `${key}: ${value}\n`);
  });
}

export function printTolerationsMultiline(
  w: PrefixWriter,
  title: string,
  tolerations: readonly Toleration[] | undefined,
): void {
  w.write(LEVEL_0, `${title}:\t`);
  if (!tolerations || tolerations.length === 0) {
    w.writeLine('<none>');
    return;
  }
  const sorted = [...tolerations].sort((a, b) =>
    (a.key ?? '') < (b.key ?? '') ? -1 : (a.key ?? '') > (b.key ?? '') ? 1 : 0,
  );
  sorted.forEach((toleration, index) => {
    if (index !== 0) w.write(LEVEL_0, '\t');
    let text = toleration.key ?? '';
    if (toleration.value) text += `=${toleration.value}`;
    if (toleration.effect) text += `:${toleration.effect}`;
    if (toleration.operator === 'Exists' && !toleration.value)
      text += toleration.key || toleration.effect ? ' op=Exists' : 'op=Exists';
    if (toleration.tolerationSeconds !== undefined) text += ` for ${toleration.tolerationSeconds}s`;
    w.write(LEVEL_0, `${text}\n`);
  });
}

/** Taint.ToString: `key=value:Effect`. */
export function taintString(taint: Taint): string {
  return taint.value
    ? `${taint.key}=${taint.value}:${taint.effect}`
    : `${taint.key}:${taint.effect}`;
}

export function printTaintsMultiline(
  w: PrefixWriter,
  title: string,
  taints: readonly Taint[] | undefined,
): void {
  w.write(LEVEL_0, `${title}:\t`);
  if (!taints || taints.length === 0) {
    w.writeLine('<none>');
    return;
  }
  const key = (taint: Taint): string => `${taint.effect},${taint.key}`;
  const sorted = [...taints].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  sorted.forEach((taint, index) => {
    if (index !== 0) w.write(LEVEL_0, '\t');
    w.write(LEVEL_0, `${taintString(taint)}\n`);
  });
}

/** SortedResourceNames. */
function sortedNames(list: Record<string, string> | undefined): string[] {
  return Object.keys(list ?? {}).sort();
}

export function describeResources(
  resources: ResourceRequirements | undefined,
  w: PrefixWriter,
  level: number,
): void {
  if (!resources) return;
  if (Object.keys(resources.limits ?? {}).length > 0) w.write(level, 'Limits:\n');
  for (const name of sortedNames(resources.limits))
    w.write(level + 1, `${name}:\t${String(resources.limits?.[name])}\n`);
  if (Object.keys(resources.requests ?? {}).length > 0) w.write(level, 'Requests:\n');
  for (const name of sortedNames(resources.requests))
    w.write(level + 1, `${name}:\t${String(resources.requests?.[name])}\n`);
}

function portText(port: number | string | undefined): string {
  return port === undefined ? '' : String(port);
}

/** DescribeProbe. */
export function describeProbe(probe: Probe): string {
  const attrs = `delay=${probe.initialDelaySeconds ?? 0}s timeout=${probe.timeoutSeconds ?? 0}s period=${probe.periodSeconds ?? 0}s #success=${probe.successThreshold ?? 0} #failure=${probe.failureThreshold ?? 0}`;
  if (probe.exec) return `exec [${(probe.exec.command ?? []).join(' ')}] ${attrs}`;
  if (probe.httpGet) {
    const scheme = (probe.httpGet.scheme ?? '').toLowerCase();
    const port = portText(probe.httpGet.port);
    const host = probe.httpGet.host ?? '';
    const hostPort = port ? `${host.includes(':') ? `[${host}]` : host}:${port}` : host;
    return `http-get ${scheme ? `${scheme}://` : '//'}${hostPort}${probe.httpGet.path ?? ''} ${attrs}`;
  }
  if (probe.tcpSocket)
    return `tcp-socket ${probe.tcpSocket.host ?? ''}:${portText(probe.tcpSocket.port)} ${attrs}`;
  if (probe.grpc) return `grpc <pod>:${probe.grpc.port} ${probe.grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}

function describeStatus(name: string, state: ContainerState | undefined, w: PrefixWriter): void {
  if (state?.running) {
    w.write(LEVEL_2, `${name}:\tRunning\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(state.running.startedAt)}\n`);
  } else if (state?.waiting) {
    w.write(LEVEL_2, `${name}:\tWaiting\n`);
    if (state.waiting.reason) w.write(LEVEL_3, `Reason:\t${state.waiting.reason}\n`);
  } else if (state?.terminated) {
    const terminated = state.terminated;
    w.write(LEVEL_2, `${name}:\tTerminated\n`);
    if (terminated.reason) w.write(LEVEL_3, `Reason:\t${terminated.reason}\n`);
    if (terminated.message) w.write(LEVEL_3, `Message:\t${terminated.message}\n`);
    w.write(LEVEL_3, `Exit Code:\t${terminated.exitCode}\n`);
    if ((terminated.signal ?? 0) > 0) w.write(LEVEL_3, `Signal:\t${terminated.signal ?? 0}\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(terminated.startedAt)}\n`);
    w.write(LEVEL_3, `Finished:\t${rfc1123z(terminated.finishedAt)}\n`);
  } else w.write(LEVEL_2, `${name}:\tWaiting\n`);
}

function ports(container: Container, pick: 'containerPort' | 'hostPort'): string {
  return (container.ports ?? [])
    .map((port) => `${port[pick] ?? 0}/${port.protocol ?? 'TCP'}`)
    .join(', ');
}

function describeEnv(
  container: Container,
  w: PrefixWriter,
  resolve: ((path: string) => string) | null,
): void {
  if ((container.envFrom ?? []).length > 0) {
    w.write(LEVEL_2, 'Environment Variables from:\n');
    for (const from of container.envFrom ?? []) {
      const source = from.configMapRef ? 'ConfigMap' : from.secretRef ? 'Secret' : '';
      const ref = from.configMapRef ?? from.secretRef;
      const optional = ref?.optional === true;
      const kind = from.prefix ? `${source} with prefix '${from.prefix}'` : source;
      w.write(LEVEL_3, `${ref?.name ?? ''}\t${kind}\tOptional: ${optional}\n`);
    }
  }
  const env = container.env ?? [];
  w.write(LEVEL_2, `Environment:${env.length === 0 ? '\t<none>' : ''}\n`);
  for (const variable of env) {
    const from = variable.valueFrom;
    if (!from) {
      (variable.value ?? '').split('\n').forEach((line, index) => {
        w.write(LEVEL_3, index === 0 ? `${variable.name}:\t${line}\n` : `\t${line}\n`);
      });
    } else if (from.fieldRef) {
      const value = resolve ? resolve(from.fieldRef.fieldPath) : '';
      w.write(
        LEVEL_3,
        `${variable.name}:\t${value} (${from.fieldRef.apiVersion ?? ''}:${from.fieldRef.fieldPath})\n`,
      );
    } else if (from.resourceFieldRef) {
      w.write(LEVEL_3, `${variable.name}:\t (${from.resourceFieldRef.resource})\n`);
    } else if (from.secretKeyRef) {
      w.write(
        LEVEL_3,
        `${variable.name}:\t<set to the key '${from.secretKeyRef.key}' in secret '${from.secretKeyRef.name ?? ''}'>\tOptional: ${from.secretKeyRef.optional === true}\n`,
      );
    } else if (from.configMapKeyRef) {
      w.write(
        LEVEL_3,
        `${variable.name}:\t<set to the key '${from.configMapKeyRef.key}' of config map '${from.configMapKeyRef.name ?? ''}'>\tOptional: ${from.configMapKeyRef.optional === true}\n`,
      );
    }
  }
}

function describeMounts(container: Container, w: PrefixWriter): void {
  const mounts = [...(container.volumeMounts ?? [])].sort((a, b) =>
    a.mountPath < b.mountPath ? -1 : a.mountPath > b.mountPath ? 1 : 0,
  );
  w.write(LEVEL_2, `Mounts:${mounts.length === 0 ? '\t<none>' : ''}\n`);
  for (const mount of mounts) {
    const flags = [
      mount.readOnly ? 'ro' : 'rw',
      ...(mount.subPath ? [`path=${JSON.stringify(mount.subPath)}`] : []),
    ];
    w.write(LEVEL_3, `${mount.mountPath} from ${mount.name} (${flags.join(',')})\n`);
  }
}

export function describeContainers(
  label: string,
  containers: readonly Container[],
  statuses: readonly ContainerStatus[] | null,
  resolve: ((path: string) => string) | null,
  w: PrefixWriter,
  space: string,
): void {
  w.write(LEVEL_0, `${space}${label}:${containers.length === 0 ? ' <none>' : ''}\n`);
  for (const container of containers) {
    const status = statuses?.find((candidate) => candidate.name === container.name);
    w.write(LEVEL_1, `${space ? ' ' : ''}${container.name}:\n`);
    if (status) w.write(LEVEL_2, `Container ID:\t${status.containerID ?? ''}\n`);
    w.write(LEVEL_2, `Image:\t${container.image ?? ''}\n`);
    if (status) w.write(LEVEL_2, `Image ID:\t${status.imageID}\n`);
    const containerPorts = ports(container, 'containerPort');
    w.write(
      LEVEL_2,
      containerPorts.includes(',')
        ? `Ports:\t${containerPorts}\n`
        : `Port:\t${containerPorts || '<none>'}\n`,
    );
    const hostPorts = ports(container, 'hostPort');
    w.write(
      LEVEL_2,
      hostPorts.includes(',')
        ? `Host Ports:\t${hostPorts}\n`
        : `Host Port:\t${hostPorts || '<none>'}\n`,
    );
    for (const [title, words] of [
      ['Command', container.command],
      ['Args', container.args],
    ] as const) {
      if (!words || words.length === 0) continue;
      w.write(LEVEL_2, `${title}:\n`);
      for (const word of words) for (const line of word.split('\n')) w.write(LEVEL_3, `${line}\n`);
    }
    if (status) {
      describeStatus('State', status.state, w);
      if (status.lastState?.terminated) describeStatus('Last State', status.lastState, w);
      w.write(LEVEL_2, `Ready:\t${status.ready ? 'True' : 'False'}\n`);
      w.write(LEVEL_2, `Restart Count:\t${status.restartCount}\n`);
    }
    describeResources(container.resources, w, LEVEL_2);
    if (container.livenessProbe)
      w.write(LEVEL_2, `Liveness:\t${describeProbe(container.livenessProbe)}\n`);
    if (container.readinessProbe)
      w.write(LEVEL_2, `Readiness:\t${describeProbe(container.readinessProbe)}\n`);
    if (container.startupProbe)
      w.write(LEVEL_2, `Startup:\t${describeProbe(container.startupProbe)}\n`);
    describeEnv(container, w, resolve);
    describeMounts(container, w);
  }
}

function optionalText(value: boolean | undefined): string {
  return value === undefined ? '<nil>' : String(value);
}

export function describeVolumes(
  volumes: readonly Volume[] | undefined,
  w: PrefixWriter,
  space: string,
): void {
  if (!volumes || volumes.length === 0) {
    w.write(LEVEL_0, `${space}Volumes:\t<none>\n`);
    return;
  }
  w.write(LEVEL_0, `${space}Volumes:\n`);
  for (const volume of volumes) {
    w.write(LEVEL_1, `${space ? ' ' : ''}${volume.name}:\n`);
    if (volume.hostPath) {
      w.write(
        LEVEL_2,
        `Type:\tHostPath (bare host directory volume)\n    Path:\t${volume.hostPath.path}\n    HostPathType:\t${volume.hostPath.type ?? '<none>'}\n`,
      );
    } else if (volume.emptyDir) {
      const limit =
        volume.emptyDir.sizeLimit && volume.emptyDir.sizeLimit !== '0'
          ? volume.emptyDir.sizeLimit
          : '<unset>';
      w.write(
        LEVEL_2,
        `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${volume.emptyDir.medium ?? ''}\n    SizeLimit:\t${limit}\n`,
      );
    } else if (volume.secret) {
      w.write(
        LEVEL_2,
        `Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${volume.secret.secretName ?? ''}\n    Optional:\t${volume.secret.optional === true}\n`,
      );
    } else if (volume.configMap) {
      w.write(
        LEVEL_2,
        `Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${volume.configMap.name ?? ''}\n    Optional:\t${volume.configMap.optional === true}\n`,
      );
    } else if (volume.persistentVolumeClaim) {
      w.write(
        LEVEL_2,
        `Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t${volume.persistentVolumeClaim.claimName}\n    ReadOnly:\t${volume.persistentVolumeClaim.readOnly === true}\n`,
      );
    } else if (volume.downwardAPI) {
      w.write(
        LEVEL_2,
        'Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n',
      );
      for (const item of volume.downwardAPI.items ?? []) {
        if (item.fieldRef) w.write(LEVEL_3, `${item.fieldRef.fieldPath} -> ${item.path}\n`);
        if (item.resourceFieldRef)
          w.write(LEVEL_3, `${item.resourceFieldRef.resource} -> ${item.path}\n`);
      }
    } else if (volume.projected) {
      w.write(
        LEVEL_2,
        'Type:\tProjected (a volume that contains injected data from multiple sources)\n',
      );
      for (const source of volume.projected.sources ?? []) {
        if (source.secret)
          w.write(
            LEVEL_2,
            `SecretName:\t${source.secret.name ?? ''}\n    SecretOptionalName:\t${optionalText(source.secret.optional)}\n`,
          );
        else if (source.downwardAPI) w.write(LEVEL_2, 'DownwardAPI:\ttrue\n');
        else if (source.configMap)
          w.write(
            LEVEL_2,
            `ConfigMapName:\t${source.configMap.name ?? ''}\n    ConfigMapOptional:\t${optionalText(source.configMap.optional)}\n`,
          );
        else if (source.serviceAccountToken)
          w.write(
            LEVEL_2,
            `TokenExpirationSeconds:\t${source.serviceAccountToken.expirationSeconds ?? 0}\n`,
          );
      }
    } else w.write(LEVEL_1, '<unknown>\n');
  }
}

export function describePodTemplate(template: PodTemplateSpec | undefined, w: PrefixWriter): void {
  w.write(LEVEL_0, 'Pod Template:\n');
  if (!template) {
    w.write(LEVEL_1, '<unset>');
    return;
  }
  const spec = template.spec;
  printLabelsMultiline(w, '  Labels', template.metadata?.labels);
  if (Object.keys(template.metadata?.annotations ?? {}).length > 0)
    printAnnotationsMultiline(w, '  Annotations', template.metadata?.annotations);
  if (spec?.serviceAccountName) w.write(LEVEL_1, `Service Account:\t${spec.serviceAccountName}\n`);
  if ((spec?.initContainers ?? []).length > 0)
    describeContainers('Init Containers', spec?.initContainers ?? [], null, null, w, '  ');
  describeContainers('Containers', spec?.containers ?? [], null, null, w, '  ');
  describeVolumes(spec?.volumes, w, '  ');
  if (spec?.priorityClassName)
    w.write(LEVEL_1, `Priority Class Name:\t${spec.priorityClassName}\n`);
  printLabelsMultiline(w, '  Node-Selectors', spec?.nodeSelector);
  printTolerationsMultiline(w, '  Tolerations', spec?.tolerations);
}

/** SortableEvents orders by lastTimestamp only. */
function lastSeen(event: Event): number {
  return event.lastTimestamp ? Date.parse(event.lastTimestamp) : 0;
}

/** DescribeEvents: sorted by last timestamp, ages from now. */
export function describeEvents(
  events: readonly Event[] | null,
  w: PrefixWriter,
  now: number,
): void {
  if (events === null) return;
  if (events.length === 0) {
    w.write(LEVEL_0, 'Events:\t<none>\n');
    return;
  }
  w.flush();
  const sorted = [...events].sort((a, b) => lastSeen(a) - lastSeen(b));
  w.write(LEVEL_0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(LEVEL_1, '----\t------\t----\t----\t-------\n');
  for (const event of sorted) {
    const first = event.eventTime ? since(event.eventTime, now) : since(event.firstTimestamp, now);
    let interval = first;
    if (event.series)
      interval = `${since(event.series.lastObservedTime, now)} (x${event.series.count ?? 0} over ${first})`;
    else if ((event.count ?? 0) > 1)
      interval = `${since(event.lastTimestamp, now)} (x${event.count ?? 0} over ${first})`;
    const source = event.source?.component || event.reportingComponent || '';
    w.write(
      LEVEL_1,
      `${event.type ?? ''}\t${event.reason ?? ''}\t${interval}\t${source}\t${(event.message ?? '').trim()}\n`,
    );
  }
}
