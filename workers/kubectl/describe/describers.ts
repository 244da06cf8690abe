// kubectl's describers (kubectl pkg/describe/describe.go) for Pod, Deployment, ReplicaSet,
// Service, Node, Namespace, Job, ResourceQuota and LimitRange (quota.ts): each reads its object
// and what its text needs (events, replica sets, endpoint slices, the node's pods and lease) and
// prints it as kubectl does.
// Left out: the other kinds' describers (a generic one prints their metadata and events).

import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Job } from 'kubernetes-types/batch/v1';
import type {
  Event,
  LimitRange,
  Namespace,
  Node,
  Pod,
  ResourceQuota,
  Service,
} from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { Lease } from 'kubernetes-types/coordination/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { isParseError } from '../../api/errors.ts';
import { humanDuration } from '../../api/duration.ts';
import { labelSelectorFromObject, selectorString } from '../../api/labels.ts';
import { formatQuantity, parseQuantity } from '../../api/quantity.ts';
import { isNotFound, type Client } from '../../client/client.ts';
import type { KubeObject } from '../../client/protocol.ts';
import { resourcePath } from '../../api/resources.ts';
import {
  describeContainers,
  describeEvents,
  describePodTemplate,
  describeResources,
  describeVolumes,
  printAnnotationsMultiline,
  printLabelsMultiline,
  printTaintsMultiline,
  printTolerationsMultiline,
  rfc1123z,
  since,
} from './common.ts';
import { LEVEL_0, LEVEL_1, tabbedString, type PrefixWriter } from './prefix-writer.ts';
import type { Mapping } from '../discovery.ts';
import { describeLimitRange, describeLimitRanges, describeQuota, scopeHelpText } from './quota.ts';
import { templateWithoutHash } from '../deployment-util.ts';

export interface DescribeContext {
  client: Client;
  now: number;
  showEvents: boolean;
}

type Describer = (context: DescribeContext, namespace: string, name: string) => Promise<string>;

const RESOURCE_QUOTAS = { group: '', version: 'v1', resource: 'resourcequotas' };
const LIMIT_RANGES = { group: '', version: 'v1', resource: 'limitranges' };

async function list<T>(
  client: Client,
  path: string,
  query: Record<string, string>,
): Promise<T[] | null> {
  const items: T[] = [];
  let next = '';
  do {
    const response = await client.request({
      verb: 'GET',
      path,
      query: { ...query, limit: '500', ...(next ? { continue: next } : {}) },
    });
    if (response.code === 404) return null;
    if (response.code !== 200) return items;
    const body = response.body as { items?: T[]; metadata?: { continue?: string } };
    items.push(...(body.items ?? []));
    next = body.metadata?.continue ?? '';
  } while (next);
  return items;
}

async function get<T>(
  client: Client,
  type: Pick<Mapping, 'group' | 'version' | 'resource'>,
  namespace: string | undefined,
  name: string,
): Promise<T> {
  return client.resource<KubeObject>(type, namespace).get(name) as Promise<T>;
}

/** searchEvents: core events about the object, by name, namespace, kind and uid. */
async function searchEvents(
  context: DescribeContext,
  object: KubeObject,
  uid = object.metadata?.uid,
): Promise<Event[] | null> {
  if (!context.showEvents) return null;
  const namespace = object.metadata?.namespace ?? '';
  const selector = [
    `involvedObject.name=${object.metadata?.name ?? ''}`,
    ...(namespace ? [`involvedObject.namespace=${namespace}`] : []),
    ...(object.kind ? [`involvedObject.kind=${object.kind}`] : []),
    ...(uid ? [`involvedObject.uid=${uid}`] : []),
  ].join(',');
  return (
    (await list<Event>(
      context.client,
      resourcePath({ group: '', version: 'v1', resource: 'events' }, namespace || undefined),
      { fieldSelector: selector },
    )) ?? []
  );
}

function controllerOf(object: KubeObject): string {
  const owner = object.metadata?.ownerReferences?.find((reference) => reference.controller);
  return owner ? `${owner.kind}/${owner.name}` : '';
}

function selectorText(selector: LabelSelector | undefined): string {
  const parsed = labelSelectorFromObject(selector);
  if (isParseError(parsed)) return '';
  return selectorString(parsed);
}

/** metav1.FormatLabelSelector. */
function formatLabelSelector(selector: LabelSelector | undefined): string {
  const text = selectorText(selector);
  return text === '' ? '<none>' : text;
}

function podQosClass(pod: Pod): string {
  if (pod.status?.qosClass) return pod.status.qosClass;
  return 'BestEffort';
}

const describePod: Describer = async (context, namespace, name) => {
  const pod = await get<Pod>(
    context.client,
    { group: '', version: 'v1', resource: 'pods' },
    namespace,
    name,
  );
  const events = await searchEvents(context, { ...pod, kind: 'Pod' });
  return tabbedString((w) => {
    const spec = pod.spec;
    const status = pod.status;
    w.write(LEVEL_0, `Name:\t${pod.metadata?.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${pod.metadata?.namespace ?? ''}\n`);
    if (spec?.priority !== undefined) w.write(LEVEL_0, `Priority:\t${spec.priority}\n`);
    if (spec?.priorityClassName)
      w.write(LEVEL_0, `Priority Class Name:\t${spec.priorityClassName}\n`);
    if (spec?.runtimeClassName) w.write(LEVEL_0, `Runtime Class Name:\t${spec.runtimeClassName}\n`);
    if (spec?.serviceAccountName)
      w.write(LEVEL_0, `Service Account:\t${spec.serviceAccountName}\n`);
    w.write(
      LEVEL_0,
      spec?.nodeName ? `Node:\t${spec.nodeName}/${status?.hostIP ?? ''}\n` : 'Node:\t<none>\n',
    );
    if (status?.startTime) w.write(LEVEL_0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
    printLabelsMultiline(w, 'Labels', pod.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', pod.metadata?.annotations);
    if (
      pod.metadata?.deletionTimestamp &&
      status?.phase !== 'Failed' &&
      status?.phase !== 'Succeeded'
    ) {
      w.write(
        LEVEL_0,
        `Status:\tTerminating (lasts ${since(pod.metadata.deletionTimestamp, context.now)})\n`,
      );
      w.write(
        LEVEL_0,
        `Termination Grace Period:\t${pod.metadata.deletionGracePeriodSeconds ?? 0}s\n`,
      );
    } else w.write(LEVEL_0, `Status:\t${status?.phase ?? ''}\n`);
    if (status?.reason) w.write(LEVEL_0, `Reason:\t${status.reason}\n`);
    if (status?.message) w.write(LEVEL_0, `Message:\t${status.message}\n`);
    if (spec?.securityContext?.seccompProfile)
      w.write(LEVEL_0, `SeccompProfile:\t${spec.securityContext.seccompProfile.type}\n`);
    w.write(LEVEL_0, `IP:\t${status?.podIP ?? ''}\n`);
    const ips = status?.podIPs ?? [];
    if (ips.length === 0) w.write(LEVEL_0, 'IPs:\t<none>\n');
    else {
      w.write(LEVEL_0, 'IPs:\n');
      for (const ip of ips) w.write(LEVEL_1, `IP:\t${ip.ip}\n`);
    }
    const controller = controllerOf(pod);
    if (controller) w.write(LEVEL_0, `Controlled By:\t${controller}\n`);
    if (status?.nominatedNodeName)
      w.write(LEVEL_0, `NominatedNodeName:\t${status.nominatedNodeName}\n`);
    const resolve = (path: string): string => fieldPathValue(pod, path);
    if ((spec?.initContainers ?? []).length > 0)
      describeContainers(
        'Init Containers',
        spec?.initContainers ?? [],
        status?.initContainerStatuses ?? [],
        resolve,
        w,
        '',
      );
    describeContainers(
      'Containers',
      spec?.containers ?? [],
      status?.containerStatuses ?? [],
      resolve,
      w,
      '',
    );
    if ((spec?.readinessGates ?? []).length > 0) {
      w.write(LEVEL_0, 'Readiness Gates:\n  Type\tStatus\n');
      for (const gate of spec?.readinessGates ?? []) {
        const condition = status?.conditions?.find((c) => c.type === gate.conditionType);
        w.write(LEVEL_1, `${gate.conditionType} \t${condition?.status ?? '<none>'} \n`);
      }
    }
    if ((status?.conditions ?? []).length > 0) {
      w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\n');
      for (const condition of status?.conditions ?? [])
        w.write(LEVEL_1, `${condition.type} \t${condition.status} \n`);
    }
    describeVolumes(spec?.volumes, w, '');
    w.write(LEVEL_0, `QoS Class:\t${podQosClass(pod)}\n`);
    printLabelsMultiline(w, 'Node-Selectors', spec?.nodeSelector);
    printTolerationsMultiline(w, 'Tolerations', spec?.tolerations);
    describeEvents(events, w, context.now);
  });
};

/** fieldpath.ExtractFieldPathAsString for the downward API's common paths. */
function fieldPathValue(pod: Pod, path: string): string {
  const metadata = pod.metadata ?? {};
  const annotation = /^metadata\.annotations\['(.+)'\]$/.exec(path);
  if (annotation) return metadata.annotations?.[annotation[1] ?? ''] ?? '';
  const label = /^metadata\.labels\['(.+)'\]$/.exec(path);
  if (label) return metadata.labels?.[label[1] ?? ''] ?? '';
  const values: Record<string, string | undefined> = {
    'metadata.name': metadata.name,
    'metadata.namespace': metadata.namespace,
    'metadata.uid': metadata.uid,
    'spec.nodeName': pod.spec?.nodeName,
    'spec.serviceAccountName': pod.spec?.serviceAccountName,
    'status.hostIP': pod.status?.hostIP,
    'status.podIP': pod.status?.podIP,
  };
  return values[path] ?? '';
}

function replicaSetsText(sets: readonly ReplicaSet[]): string {
  const text = sets
    .map(
      (rs) =>
        `${rs.metadata?.name ?? ''} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 0} replicas created)`,
    )
    .join(', ');
  return text || '<none>';
}

const describeDeployment: Describer = async (context, namespace, name) => {
  const deployment = await get<Deployment>(
    context.client,
    { group: 'apps', version: 'v1', resource: 'deployments' },
    namespace,
    name,
  );
  const events = await searchEvents(context, { ...deployment, kind: 'Deployment' });
  const owned = (
    (await list<ReplicaSet>(
      context.client,
      resourcePath({ group: 'apps', version: 'v1', resource: 'replicasets' }, namespace),
      { labelSelector: selectorText(deployment.spec?.selector) },
    )) ?? []
  ).filter((rs) =>
    rs.metadata?.ownerReferences?.some(
      (owner) => owner.controller && owner.uid === deployment.metadata?.uid,
    ),
  );
  const template = templateWithoutHash(deployment.spec?.template);
  const newest = owned
    .filter((rs) => templateWithoutHash(rs.spec?.template) === template)
    .sort(
      (a, b) =>
        Date.parse(a.metadata?.creationTimestamp ?? '') -
        Date.parse(b.metadata?.creationTimestamp ?? ''),
    )[0];
  const oldSets = owned.filter((rs) => rs !== newest && (rs.spec?.replicas ?? 0) > 0);
  return tabbedString((w) => {
    const spec = deployment.spec;
    const status = deployment.status;
    w.write(LEVEL_0, `Name:\t${deployment.metadata?.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${deployment.metadata?.namespace ?? ''}\n`);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(deployment.metadata?.creationTimestamp)}\n`);
    printLabelsMultiline(w, 'Labels', deployment.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', deployment.metadata?.annotations);
    w.write(LEVEL_0, `Selector:\t${selectorText(spec?.selector)}\n`);
    w.write(
      LEVEL_0,
      `Replicas:\t${spec?.replicas ?? 0} desired | ${status?.updatedReplicas ?? 0} updated | ${status?.replicas ?? 0} total | ${status?.availableReplicas ?? 0} available | ${status?.unavailableReplicas ?? 0} unavailable\n`,
    );
    w.write(LEVEL_0, `StrategyType:\t${spec?.strategy?.type ?? ''}\n`);
    w.write(LEVEL_0, `MinReadySeconds:\t${spec?.minReadySeconds ?? 0}\n`);
    const rolling = spec?.strategy?.rollingUpdate;
    if (rolling)
      w.write(
        LEVEL_0,
        `RollingUpdateStrategy:\t${String(rolling.maxUnavailable ?? '')} max unavailable, ${String(rolling.maxSurge ?? '')} max surge\n`,
      );
    describePodTemplate(spec?.template, w);
    conditionsTable(w, status?.conditions ?? []);
    if (owned.length > 0) {
      w.write(LEVEL_0, `OldReplicaSets:\t${replicaSetsText(oldSets)}\n`);
      w.write(LEVEL_0, `NewReplicaSet:\t${replicaSetsText(newest ? [newest] : [])}\n`);
    }
    describeEvents(events, w, context.now);
  });
};

function conditionsTable(
  w: PrefixWriter,
  conditions: readonly { type: string; status: string; reason?: string }[],
): void {
  if (conditions.length === 0) return;
  w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
  w.write(LEVEL_1, '----\t------\t------\n');
  for (const condition of conditions)
    w.write(LEVEL_1, `${condition.type} \t${condition.status}\t${condition.reason ?? ''}\n`);
}

async function podPhases(
  context: DescribeContext,
  namespace: string,
  selector: LabelSelector | undefined,
  uid: string | undefined,
): Promise<Record<string, number>> {
  const pods =
    (await list<Pod>(
      context.client,
      resourcePath({ group: '', version: 'v1', resource: 'pods' }, namespace),
      { labelSelector: selectorText(selector) },
    )) ?? [];
  const counts: Record<string, number> = { Running: 0, Pending: 0, Succeeded: 0, Failed: 0 };
  for (const pod of pods) {
    const owner = pod.metadata?.ownerReferences?.find((reference) => reference.controller);
    if (!owner || owner.uid !== uid) continue;
    const phase = pod.status?.phase ?? '';
    if (phase in counts) counts[phase] = (counts[phase] ?? 0) + 1;
  }
  return counts;
}

const describeReplicaSet: Describer = async (context, namespace, name) => {
  const rs = await get<ReplicaSet>(
    context.client,
    { group: 'apps', version: 'v1', resource: 'replicasets' },
    namespace,
    name,
  );
  const phases = await podPhases(context, namespace, rs.spec?.selector, rs.metadata?.uid);
  const events = await searchEvents(context, { ...rs, kind: 'ReplicaSet' });
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${rs.metadata?.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${rs.metadata?.namespace ?? ''}\n`);
    w.write(LEVEL_0, `Selector:\t${formatLabelSelector(rs.spec?.selector)}\n`);
    printLabelsMultiline(w, 'Labels', rs.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', rs.metadata?.annotations);
    const controller = controllerOf(rs);
    if (controller) w.write(LEVEL_0, `Controlled By:\t${controller}\n`);
    w.write(
      LEVEL_0,
      `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec?.replicas ?? 0} desired\n`,
    );
    w.write(LEVEL_0, 'Pods Status:\t');
    w.write(
      LEVEL_0,
      `${phases.Running ?? 0} Running / ${phases.Pending ?? 0} Waiting / ${phases.Succeeded ?? 0} Succeeded / ${phases.Failed ?? 0} Failed\n`,
    );
    describePodTemplate(rs.spec?.template, w);
    conditionsTable(w, rs.status?.conditions ?? []);
    describeEvents(events, w, context.now);
  });
};

/** formatEndpointSlices: ready addresses with the port of that name, three at most. */
function endpointsText(slices: readonly EndpointSlice[], portName: string): string {
  if (slices.length === 0) return '<none>';
  const shown: string[] = [];
  let more = false;
  let count = 0;
  const MAX = 3;
  for (const slice of slices) {
    const ports = slice.ports ?? [];
    const targets =
      ports.length === 0 ? [null] : ports.filter((port) => (port.name ?? '') === portName);
    for (const port of targets)
      for (const endpoint of slice.endpoints) {
        if (shown.length === MAX) more = true;
        if (endpoint.conditions?.ready === false) continue;
        const address = endpoint.addresses[0] ?? '';
        if (!more)
          shown.push(
            port
              ? `${address.includes(':') ? `[${address}]` : address}:${port.port ?? 0}`
              : address,
          );
        count++;
      }
  }
  const text = shown.join(',');
  return more ? `${text} + ${count - MAX} more...` : text;
}

const describeService: Describer = async (context, namespace, name) => {
  const service = await get<Service>(
    context.client,
    { group: '', version: 'v1', resource: 'services' },
    namespace,
    name,
  );
  const slices =
    (await list<EndpointSlice>(
      context.client,
      resourcePath(
        { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' },
        namespace,
      ),
      { labelSelector: `kubernetes.io/service-name=${name}` },
    )) ?? [];
  const events = await searchEvents(context, { ...service, kind: 'Service' });
  return tabbedString((w) => {
    const spec = service.spec;
    w.write(LEVEL_0, `Name:\t${service.metadata?.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${service.metadata?.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', service.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', service.metadata?.annotations);
    const selector = Object.keys(spec?.selector ?? {})
      .sort()
      .map((key) => `${key}=${spec?.selector?.[key] ?? ''}`)
      .join(',');
    w.write(LEVEL_0, `Selector:\t${selector || '<none>'}\n`);
    w.write(LEVEL_0, `Type:\t${spec?.type ?? ''}\n`);
    if (spec?.ipFamilyPolicy) w.write(LEVEL_0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`);
    w.write(LEVEL_0, `IP Families:\t${(spec?.ipFamilies ?? []).join(',') || '<none>'}\n`);
    w.write(LEVEL_0, `IP:\t${spec?.clusterIP ?? ''}\n`);
    w.write(LEVEL_0, `IPs:\t${(spec?.clusterIPs ?? []).join(',') || '<none>'}\n`);
    if ((spec?.externalIPs ?? []).length > 0)
      w.write(LEVEL_0, `External IPs:\t${(spec?.externalIPs ?? []).join(',')}\n`);
    if (spec?.loadBalancerIP)
      w.write(LEVEL_0, `Desired LoadBalancer IP:\t${spec.loadBalancerIP}\n`);
    if (spec?.externalName) w.write(LEVEL_0, `External Name:\t${spec.externalName}\n`);
    const ingress = service.status?.loadBalancer?.ingress ?? [];
    if (ingress.length > 0)
      w.write(
        LEVEL_0,
        `LoadBalancer Ingress:\t${ingress.map((entry) => (entry.ip ? `${entry.ip}${entry.ipMode ? ` (${entry.ipMode})` : ''}` : (entry.hostname ?? ''))).join(', ')}\n`,
      );
    for (const port of spec?.ports ?? []) {
      const portName = port.name || '<unset>';
      const protocol = port.protocol ?? 'TCP';
      w.write(LEVEL_0, `Port:\t${portName}\t${port.port}/${protocol}\n`);
      w.write(LEVEL_0, `TargetPort:\t${String(port.targetPort ?? 0)}/${protocol}\n`);
      if (port.nodePort) w.write(LEVEL_0, `NodePort:\t${portName}\t${port.nodePort}/${protocol}\n`);
      w.write(LEVEL_0, `Endpoints:\t${endpointsText(slices, port.name ?? '')}\n`);
    }
    w.write(LEVEL_0, `Session Affinity:\t${spec?.sessionAffinity ?? ''}\n`);
    if (spec?.externalTrafficPolicy)
      w.write(LEVEL_0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`);
    if (spec?.internalTrafficPolicy)
      w.write(LEVEL_0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`);
    if (spec?.healthCheckNodePort)
      w.write(LEVEL_0, `HealthCheck NodePort:\t${spec.healthCheckNodePort}\n`);
    if ((spec?.loadBalancerSourceRanges ?? []).length > 0)
      w.write(
        LEVEL_0,
        `LoadBalancer Source Ranges:\t${(spec?.loadBalancerSourceRanges ?? []).join(',')}\n`,
      );
    describeEvents(events, w, context.now);
  });
};

const describeNamespace: Describer = async (context, _namespace, name) => {
  const namespace = await get<Namespace>(
    context.client,
    { group: '', version: 'v1', resource: 'namespaces' },
    undefined,
    name,
  );
  const quotas = await list<KubeObject>(
    context.client,
    resourcePath({ group: '', version: 'v1', resource: 'resourcequotas' }, name),
    {},
  );
  const limitRanges = await list<LimitRange>(
    context.client,
    resourcePath({ group: '', version: 'v1', resource: 'limitranges' }, name),
    {},
  );
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${namespace.metadata?.name ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', namespace.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', namespace.metadata?.annotations);
    w.write(LEVEL_0, `Status:\t${namespace.status?.phase ?? ''}\n`);
    const conditions = namespace.status?.conditions ?? [];
    if (conditions.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n');
      w.write(LEVEL_1, 'Type\tStatus\tLastTransitionTime\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t------------------\t------\t-------\n');
      for (const c of conditions)
        w.write(
          LEVEL_1,
          `${c.type}\t${c.status}\t${rfc1123z(c.lastTransitionTime)}\t${c.reason ?? ''}\t${c.message ?? ''}\n`,
        );
    }
    if (quotas !== null) describeQuotas(w, quotas);
    if (limitRanges !== null) {
      w.write(LEVEL_0, '\n');
      describeLimitRanges(w, limitRanges);
    }
  });
};

interface QuotaShape extends KubeObject {
  spec?: { scopes?: string[] };
  status?: { hard?: Record<string, string>; used?: Record<string, string> };
}

function describeQuotas(w: PrefixWriter, quotas: readonly QuotaShape[]): void {
  w.write(LEVEL_0, '\n');
  if (quotas.length === 0) {
    w.write(LEVEL_0, 'No resource quota.\n');
    return;
  }
  w.write(LEVEL_0, 'Resource Quotas\n');
  const sorted = [...quotas].sort((a, b) =>
    (a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1,
  );
  for (const quota of sorted) {
    w.write(LEVEL_1, `Name:\t${quota.metadata?.name ?? ''}\n`);
    const scopes = [...(quota.spec?.scopes ?? [])].sort();
    if (scopes.length > 0) w.write(LEVEL_1, `Scopes:\t${scopes.join(', ')}\n`);
    for (const scope of scopes) {
      const help = scopeHelpText(scope);
      if (help) w.write(LEVEL_1, `* ${help}\n`);
    }
    w.write(LEVEL_1, 'Resource\tUsed\tHard\n');
    w.write(LEVEL_1, '--------\t---\t---\n');
    for (const resource of Object.keys(quota.status?.hard ?? {}).sort())
      w.write(
        LEVEL_1,
        `${resource}\t${quota.status?.used?.[resource] ?? '0'}\t${quota.status?.hard?.[resource] ?? ''}\n`,
      );
  }
}

const describeJob: Describer = async (context, namespace, name) => {
  const job = await get<Job>(
    context.client,
    { group: 'batch', version: 'v1', resource: 'jobs' },
    namespace,
    name,
  );
  const events = await searchEvents(context, { ...job, kind: 'Job' });
  return tabbedString((w) => {
    const spec = job.spec;
    const status = job.status;
    w.write(LEVEL_0, `Name:\t${job.metadata?.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${job.metadata?.namespace ?? ''}\n`);
    w.write(LEVEL_0, `Selector:\t${selectorText(spec?.selector)}\n`);
    printLabelsMultiline(w, 'Labels', job.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', job.metadata?.annotations);
    const controller = controllerOf(job);
    if (controller) w.write(LEVEL_0, `Controlled By:\t${controller}\n`);
    if (spec?.parallelism !== undefined) w.write(LEVEL_0, `Parallelism:\t${spec.parallelism}\n`);
    w.write(
      LEVEL_0,
      spec?.completions !== undefined
        ? `Completions:\t${spec.completions}\n`
        : 'Completions:\t<unset>\n',
    );
    if (spec?.completionMode) w.write(LEVEL_0, `Completion Mode:\t${spec.completionMode}\n`);
    if (spec?.suspend !== undefined) w.write(LEVEL_0, `Suspend:\t${spec.suspend}\n`);
    if (spec?.backoffLimit !== undefined)
      w.write(LEVEL_0, `Backoff Limit:\t${spec.backoffLimit}\n`);
    if (spec?.ttlSecondsAfterFinished !== undefined)
      w.write(LEVEL_0, `TTL Seconds After Finished:\t${spec.ttlSecondsAfterFinished}\n`);
    if (status?.startTime) w.write(LEVEL_0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
    if (status?.completionTime)
      w.write(LEVEL_0, `Completed At:\t${rfc1123z(status.completionTime)}\n`);
    if (status?.startTime && status.completionTime)
      w.write(
        LEVEL_0,
        `Duration:\t${humanDuration(Date.parse(status.completionTime) - Date.parse(status.startTime))}\n`,
      );
    if (spec?.activeDeadlineSeconds !== undefined)
      w.write(LEVEL_0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
    const counts = `${status?.active ?? 0} Active${status?.ready === undefined ? '' : ` (${status.ready} Ready)`} / ${status?.succeeded ?? 0} Succeeded / ${status?.failed ?? 0} Failed`;
    w.write(LEVEL_0, `Pods Statuses:\t${counts}\n`);
    if (spec?.completionMode === 'Indexed')
      w.write(LEVEL_0, `Completed Indexes:\t${status?.completedIndexes || '<none>'}\n`);
    describePodTemplate(spec?.template, w);
    describeEvents(events, w, context.now);
  });
};

interface Amounts {
  milli: Record<string, number>;
  format: Record<string, 'DecimalSI' | 'BinarySI' | 'DecimalExponent'>;
}

function addAmounts(
  target: Amounts,
  list: Record<string, string> | undefined,
  combine: (a: number, b: number) => number,
): void {
  for (const [name, text] of Object.entries(list ?? {})) {
    const parsed = parseQuantity(text);
    if (isParseError(parsed)) continue;
    target.milli[name] = combine(target.milli[name] ?? 0, parsed.milliValue);
    target.format[name] ??= parsed.format;
  }
}

/** resourcehelper.PodRequestsAndLimits: containers summed, init containers as a floor. */
function podRequestsAndLimits(pod: Pod): { requests: Amounts; limits: Amounts } {
  const requests: Amounts = { milli: {}, format: {} };
  const limits: Amounts = { milli: {}, format: {} };
  for (const container of pod.spec?.containers ?? []) {
    addAmounts(requests, container.resources?.requests, (a, b) => a + b);
    addAmounts(limits, container.resources?.limits, (a, b) => a + b);
  }
  for (const container of pod.spec?.initContainers ?? []) {
    addAmounts(requests, container.resources?.requests, Math.max);
    addAmounts(limits, container.resources?.limits, Math.max);
  }
  addAmounts(requests, pod.spec?.overhead, (a, b) => a + b);
  return { requests, limits };
}

function amountText(amounts: Amounts, name: string): string {
  return formatQuantity(amounts.milli[name] ?? 0, amounts.format[name] ?? 'DecimalSI');
}

function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.trunc((part / whole) * 100);
}

const describeNode: Describer = async (context, _namespace, name) => {
  const node = await get<Node>(
    context.client,
    { group: '', version: 'v1', resource: 'nodes' },
    undefined,
    name,
  );
  const pods =
    (await list<Pod>(context.client, resourcePath({ group: '', version: 'v1', resource: 'pods' }), {
      fieldSelector: `spec.nodeName=${name},status.phase!=Succeeded,status.phase!=Failed`,
    })) ?? [];
  let events: Event[] | null = null;
  if (context.showEvents) {
    const byUid = (await searchEvents(context, { ...node, kind: 'Node' })) ?? [];
    const byName = (await searchEvents(context, { ...node, kind: 'Node' }, name)) ?? [];
    events = [...byUid, ...byName];
  }
  let lease: Lease | string;
  try {
    lease = await get<Lease>(
      context.client,
      { group: 'coordination.k8s.io', version: 'v1', resource: 'leases' },
      'kube-node-lease',
      name,
    );
  } catch (error) {
    lease = isNotFound(error) ? `leases.coordination.k8s.io "${name}" not found` : String(error);
  }
  return tabbedString((w) => {
    const spec = node.spec;
    const status = node.status;
    w.write(LEVEL_0, `Name:\t${node.metadata?.name ?? ''}\n`);
    const roles = Object.keys(node.metadata?.labels ?? {})
      .map(
        (label) =>
          /^node-role\.kubernetes\.io\/(.+)$/.exec(label)?.[1] ??
          (label === 'kubernetes.io/role' ? (node.metadata?.labels?.[label] ?? '') : ''),
      )
      .filter((role) => role !== '')
      .sort();
    w.write(LEVEL_0, `Roles:\t${roles.length > 0 ? roles.join(',') : '<none>'}\n`);
    printLabelsMultiline(w, 'Labels', node.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', node.metadata?.annotations);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(node.metadata?.creationTimestamp)}\n`);
    printTaintsMultiline(w, 'Taints', spec?.taints);
    w.write(LEVEL_0, `Unschedulable:\t${spec?.unschedulable === true}\n`);
    if (typeof lease === 'string') w.write(LEVEL_0, `Lease:\tFailed to get lease: ${lease}\n`);
    else {
      w.write(LEVEL_0, 'Lease:\n');
      w.write(LEVEL_1, `HolderIdentity:\t${lease.spec?.holderIdentity ?? '<unset>'}\n`);
      w.write(
        LEVEL_1,
        `AcquireTime:\t${lease.spec?.acquireTime ? rfc1123z(lease.spec.acquireTime) : '<unset>'}\n`,
      );
      w.write(
        LEVEL_1,
        `RenewTime:\t${lease.spec?.renewTime ? rfc1123z(lease.spec.renewTime) : '<unset>'}\n`,
      );
    }
    const conditions = status?.conditions ?? [];
    if (conditions.length > 0) {
      w.write(
        LEVEL_0,
        'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n',
      );
      w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
      for (const c of conditions)
        w.write(
          LEVEL_1,
          `${c.type} \t${c.status} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`,
        );
    }
    w.write(LEVEL_0, 'Addresses:\n');
    for (const address of status?.addresses ?? [])
      w.write(LEVEL_1, `${address.type}:\t${address.address}\n`);
    const printList = (list: Record<string, string>): void => {
      for (const resource of Object.keys(list).sort())
        w.write(LEVEL_0, `  ${resource}:\t${list[resource] ?? ''}\n`);
    };
    const capacity = (status?.capacity ?? {}) as Record<string, string>;
    const allocatableList = (status?.allocatable ?? {}) as Record<string, string>;
    if (Object.keys(capacity).length > 0) {
      w.write(LEVEL_0, 'Capacity:\n');
      printList(capacity);
    }
    if (Object.keys(allocatableList).length > 0) {
      w.write(LEVEL_0, 'Allocatable:\n');
      printList(allocatableList);
    }
    const info = status?.nodeInfo;
    w.write(LEVEL_0, 'System Info:\n');
    w.write(LEVEL_0, `  Machine ID:\t${info?.machineID ?? ''}\n`);
    w.write(LEVEL_0, `  System UUID:\t${info?.systemUUID ?? ''}\n`);
    w.write(LEVEL_0, `  Boot ID:\t${info?.bootID ?? ''}\n`);
    w.write(LEVEL_0, `  Kernel Version:\t${info?.kernelVersion ?? ''}\n`);
    w.write(LEVEL_0, `  OS Image:\t${info?.osImage ?? ''}\n`);
    w.write(LEVEL_0, `  Operating System:\t${info?.operatingSystem ?? ''}\n`);
    w.write(LEVEL_0, `  Architecture:\t${info?.architecture ?? ''}\n`);
    w.write(LEVEL_0, `  Container Runtime Version:\t${info?.containerRuntimeVersion ?? ''}\n`);
    w.write(LEVEL_0, `  Kubelet Version:\t${info?.kubeletVersion ?? ''}\n`);
    w.write(LEVEL_0, `  Kube-Proxy Version:\t${info?.kubeProxyVersion ?? ''}\n`);
    if (spec?.podCIDR) w.write(LEVEL_0, `PodCIDR:\t${spec.podCIDR}\n`);
    if ((spec?.podCIDRs ?? []).length > 0)
      w.write(LEVEL_0, `PodCIDRs:\t${(spec?.podCIDRs ?? []).join(',')}\n`);
    if (spec?.providerID) w.write(LEVEL_0, `ProviderID:\t${spec.providerID}\n`);
    describeNodeResource(
      w,
      pods,
      Object.keys(allocatableList).length > 0 ? allocatableList : capacity,
      context.now,
    );
    describeEvents(events, w, context.now);
  });
};

function milliOf(list: Record<string, string>, name: string): number {
  const parsed = parseQuantity(list[name] ?? '0');
  return isParseError(parsed) ? 0 : parsed.milliValue;
}

function describeNodeResource(
  w: PrefixWriter,
  pods: readonly Pod[],
  allocatable: Record<string, string>,
  now: number,
): void {
  w.write(LEVEL_0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(
    LEVEL_1,
    'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n',
  );
  w.write(
    LEVEL_1,
    '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n',
  );
  const cpu = milliOf(allocatable, 'cpu');
  const memory = milliOf(allocatable, 'memory');
  const storage = milliOf(allocatable, 'ephemeral-storage');
  const total: { requests: Amounts; limits: Amounts } = {
    requests: { milli: {}, format: {} },
    limits: { milli: {}, format: {} },
  };
  for (const pod of pods) {
    const { requests, limits } = podRequestsAndLimits(pod);
    const cell = (amounts: Amounts, name: string, whole: number): string =>
      `${amountText(amounts, name)} (${percent(amounts.milli[name] ?? 0, whole)}%)`;
    w.write(
      LEVEL_1,
      `${pod.metadata?.namespace ?? ''}\t${pod.metadata?.name ?? ''}\t\t${cell(requests, 'cpu', cpu)}\t${cell(limits, 'cpu', cpu)}\t${cell(requests, 'memory', memory)}\t${cell(limits, 'memory', memory)}\t${since(pod.metadata?.creationTimestamp, now)}\n`,
    );
    for (const [name, milli] of Object.entries(requests.milli)) {
      total.requests.milli[name] = (total.requests.milli[name] ?? 0) + milli;
      total.requests.format[name] ??= requests.format[name] ?? 'DecimalSI';
    }
    for (const [name, milli] of Object.entries(limits.milli)) {
      total.limits.milli[name] = (total.limits.milli[name] ?? 0) + milli;
      total.limits.format[name] ??= limits.format[name] ?? 'DecimalSI';
    }
  }
  w.write(
    LEVEL_0,
    'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n',
  );
  w.write(LEVEL_1, 'Resource\tRequests\tLimits\n');
  w.write(LEVEL_1, '--------\t--------\t------\n');
  for (const [name, whole] of [
    ['cpu', cpu],
    ['memory', memory],
    ['ephemeral-storage', storage],
  ] as const) {
    const { requests, limits } = total;
    w.write(
      LEVEL_1,
      `${name}\t${amountText(requests, name)} (${percent(requests.milli[name] ?? 0, whole)}%)\t${amountText(limits, name)} (${percent(limits.milli[name] ?? 0, whole)}%)\n`,
    );
  }
  const standard = new Set(['cpu', 'memory', 'ephemeral-storage', 'storage', 'pods']);
  for (const resource of Object.keys(allocatable)
    .filter((name) => name.startsWith('hugepages-'))
    .sort()) {
    const whole = milliOf(allocatable, resource);
    const { requests, limits } = total;
    w.write(
      LEVEL_1,
      `${resource}\t${amountText(requests, resource)} (${percent(requests.milli[resource] ?? 0, whole)}%)\t${amountText(limits, resource)} (${percent(limits.milli[resource] ?? 0, whole)}%)\n`,
    );
  }
  for (const resource of Object.keys(allocatable)
    .filter(
      (name) =>
        !name.startsWith('hugepages-') &&
        !standard.has(name) &&
        !name.startsWith('requests.') &&
        !name.startsWith('limits.'),
    )
    .sort())
    w.write(
      LEVEL_1,
      `${resource}\t${amountText(total.requests, resource)}\t${amountText(total.limits, resource)}\n`,
    );
}

export const DESCRIBERS: Record<string, Describer> = {
  '/Pod': describePod,
  'apps/Deployment': describeDeployment,
  'apps/ReplicaSet': describeReplicaSet,
  '/Service': describeService,
  '/Node': describeNode,
  '/Namespace': describeNamespace,
  'batch/Job': describeJob,
  '/ResourceQuota': async (context, namespace, name) =>
    describeQuota(await get<ResourceQuota>(context.client, RESOURCE_QUOTAS, namespace, name)),
  '/LimitRange': async (context, namespace, name) =>
    describeLimitRange(await get<LimitRange>(context.client, LIMIT_RANGES, namespace, name)),
};

export { describeResources };
