// Pod validation, following pkg/apis/core/validation/validation.go (ValidatePodSpec,
// validateContainers, ValidatePodUpdate) in upstream's order, with its exact messages.
// Left out: security contexts, affinity, topology spread, DNS config, ephemeral containers, probes'
// handlers, and most volume sources' own rules. The update diff is a readable field list rather
// than go-cmp's (deliberately unstable) output.

import type { Container, PodSpec, Toleration, Volume } from 'kubernetes-types/core/v1';
import {
  field,
  fieldPath,
  isParseError,
  type FieldError,
  type FieldPath,
} from '../../api/errors.ts';
import { isValidPortName } from '../../api/core-validation.ts';
import { milliValue, parseQuantity, quantityString } from '../../api/quantity.ts';
import { isDNS1123Label, isDNS1123Subdomain } from '../../api/validation.ts';

const MAX_INT32 = 2147483647;

function dnsLabelErrors(path: FieldPath, value: string): FieldError[] {
  return isDNS1123Label(value).map((message) => field.invalid(path, value, message));
}

function portNumberErrors(path: FieldPath, value: number): FieldError[] {
  return value >= 1 && value <= 65535
    ? []
    : [field.invalid(path, value, 'must be between 1 and 65535, inclusive')];
}

function validateVolumes(
  volumes: readonly Volume[],
  path: FieldPath,
): { errors: FieldError[]; names: Set<string> } {
  const errors: FieldError[] = [];
  const names = new Set<string>();
  volumes.forEach((volume, index) => {
    const namePath = path.index(index).child('name');
    const volumeErrors: FieldError[] = [];
    if (!volume.name) volumeErrors.push(field.required(namePath));
    else volumeErrors.push(...dnsLabelErrors(namePath, volume.name));
    if (names.has(volume.name)) volumeErrors.push(field.duplicate(namePath, volume.name));
    if (volumeErrors.length === 0) names.add(volume.name);
    errors.push(...volumeErrors);
  });
  return { errors, names };
}

function validateResources(container: Container, path: FieldPath): FieldError[] {
  const errors: FieldError[] = [];
  const resources = container.resources ?? {};
  const limitsPath = path.child('limits');
  const requestsPath = path.child('requests');
  const parsed = (value: unknown): number | null => {
    const quantity = parseQuantity(String(value));
    return isParseError(quantity) ? null : milliValue(quantity);
  };
  for (const [name, value] of Object.entries(resources.limits ?? {})) {
    const milli = parsed(value);
    if (milli !== null && milli < 0)
      errors.push(field.invalid(limitsPath.key(name), value, 'must be greater than or equal to 0'));
  }
  for (const [name, value] of Object.entries(resources.requests ?? {})) {
    const milli = parsed(value);
    if (milli === null) continue;
    if (milli < 0)
      errors.push(
        field.invalid(requestsPath.key(name), value, 'must be greater than or equal to 0'),
      );
    const limit = resources.limits?.[name];
    const limitMilli = limit === undefined ? null : parsed(limit);
    if (limit !== undefined && limitMilli !== null && milli > limitMilli) {
      const canonical = (text: unknown): string => {
        const quantity = parseQuantity(String(text));
        return isParseError(quantity) ? String(text) : quantityString(quantity);
      };
      errors.push(
        field.invalid(
          requestsPath,
          canonical(value),
          `must be less than or equal to ${name} limit of ${canonical(limit)}`,
        ),
      );
    }
  }
  return errors;
}

function validateContainer(
  container: Container,
  path: FieldPath,
  volumes: Set<string>,
): FieldError[] {
  const errors: FieldError[] = [];
  const namePath = path.child('name');
  if (!container.name) errors.push(field.required(namePath));
  else errors.push(...dnsLabelErrors(namePath, container.name));
  if (!container.image) errors.push(field.required(path.child('image')));
  const messagePolicy = container.terminationMessagePolicy;
  if (!messagePolicy) errors.push(field.required(path.child('terminationMessagePolicy')));
  else if (messagePolicy !== 'File' && messagePolicy !== 'FallbackToLogsOnError') {
    errors.push(
      field.notSupported(path.child('terminationMessagePolicy'), messagePolicy, [
        'File',
        'FallbackToLogsOnError',
      ]),
    );
  }

  const portNames = new Set<string>();
  (container.ports ?? []).forEach((port, index) => {
    const portPath = path.child('ports').index(index);
    if (port.name) {
      const messages = isValidPortName(port.name);
      if (messages.length > 0)
        errors.push(
          ...messages.map((message) => field.invalid(portPath.child('name'), port.name, message)),
        );
      else if (portNames.has(port.name))
        errors.push(field.duplicate(portPath.child('name'), port.name));
      else portNames.add(port.name);
    }
    if (!port.containerPort) errors.push(field.required(portPath.child('containerPort')));
    else errors.push(...portNumberErrors(portPath.child('containerPort'), port.containerPort));
    if (port.hostPort) errors.push(...portNumberErrors(portPath.child('hostPort'), port.hostPort));
    if (!port.protocol) errors.push(field.required(portPath.child('protocol')));
    else if (!['SCTP', 'TCP', 'UDP'].includes(port.protocol)) {
      errors.push(
        field.notSupported(portPath.child('protocol'), port.protocol, ['SCTP', 'TCP', 'UDP']),
      );
    }
  });

  (container.env ?? []).forEach((env, index) => {
    const envPath = path.child('env').index(index);
    if (!env.name) errors.push(field.required(envPath.child('name')));
    // RelaxedEnvironmentVariableValidation is on in 1.32: any printable ASCII but '='.
    else if (!/^[\x20-\x3c\x3e-\x7e]+$/.test(env.name)) {
      errors.push(
        field.invalid(
          envPath.child('name'),
          env.name,
          "a valid environment variable name must consist only of printable ASCII characters other than '='",
        ),
      );
    }
    if (env.valueFrom && env.value) {
      errors.push(
        field.invalid(
          envPath.child('valueFrom'),
          '',
          'may not be specified when `value` is not empty',
        ),
      );
    }
  });

  const mountPaths = new Set<string>();
  (container.volumeMounts ?? []).forEach((mount, index) => {
    const mountPath = path.child('volumeMounts').index(index);
    if (!mount.name) errors.push(field.required(mountPath.child('name')));
    if (!volumes.has(mount.name)) errors.push(field.notFound(mountPath.child('name'), mount.name));
    if (!mount.mountPath) errors.push(field.required(mountPath.child('mountPath')));
    if (mountPaths.has(mount.mountPath))
      errors.push(field.invalid(mountPath.child('mountPath'), mount.mountPath, 'must be unique'));
    mountPaths.add(mount.mountPath);
  });

  const pullPolicy = container.imagePullPolicy;
  if (!pullPolicy) errors.push(field.required(path.child('imagePullPolicy')));
  else if (!['Always', 'IfNotPresent', 'Never'].includes(pullPolicy)) {
    errors.push(
      field.notSupported(path.child('imagePullPolicy'), pullPolicy, [
        'Always',
        'IfNotPresent',
        'Never',
      ]),
    );
  }
  errors.push(...validateResources(container, path.child('resources')));
  return errors;
}

function validateTolerations(tolerations: readonly Toleration[], path: FieldPath): FieldError[] {
  const errors: FieldError[] = [];
  tolerations.forEach((toleration, index) => {
    const tolerationPath = path.index(index);
    const operator = toleration.operator ?? 'Equal';
    if (!toleration.key && operator !== 'Exists') {
      errors.push(
        field.invalid(
          tolerationPath.child('operator'),
          operator,
          'operator must be Exists when `key` is empty, which means "match all values and all keys"',
        ),
      );
    }
    if (toleration.tolerationSeconds !== undefined && toleration.effect !== 'NoExecute') {
      errors.push(
        field.invalid(
          tolerationPath.child('effect'),
          toleration.effect ?? '',
          "effect must be 'NoExecute' when `tolerationSeconds` is set",
        ),
      );
    }
    if (operator === 'Exists' && toleration.value) {
      errors.push(
        field.invalid(
          tolerationPath.child('operator'),
          toleration.value,
          "value must be empty when `operator` is 'Exists'",
        ),
      );
    } else if (operator !== 'Equal' && operator !== 'Exists') {
      errors.push(
        field.notSupported(tolerationPath.child('operator'), operator, ['Equal', 'Exists']),
      );
    }
    if (
      toleration.effect &&
      !['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(toleration.effect)
    ) {
      errors.push(
        field.notSupported(tolerationPath.child('effect'), toleration.effect, [
          'NoSchedule',
          'PreferNoSchedule',
          'NoExecute',
        ]),
      );
    }
  });
  return errors;
}

/** ValidatePodSpec for the fields the playground models, at `path` (`spec` or a template's). */
export function validatePodSpec(
  spec: PodSpec | undefined,
  path: FieldPath = fieldPath('spec'),
): FieldError[] {
  const errors: FieldError[] = [];
  const podSpec: PodSpec = spec ?? { containers: [] };
  if (podSpec.terminationGracePeriodSeconds === undefined)
    errors.push(field.required(path.child('terminationGracePeriodSeconds')));
  const { errors: volumeErrors, names: volumes } = validateVolumes(
    podSpec.volumes ?? [],
    path.child('volumes'),
  );
  errors.push(...volumeErrors);

  const containersPath = path.child('containers');
  const containers = podSpec.containers ?? [];
  const names = new Set<string>();
  if (containers.length === 0) errors.push(field.required(containersPath));
  containers.forEach((container, index) => {
    const containerPath = containersPath.index(index);
    errors.push(...validateContainer(container, containerPath, volumes));
    if (names.has(container.name))
      errors.push(field.duplicate(containerPath.child('name'), container.name));
    else names.add(container.name);
  });
  (podSpec.initContainers ?? []).forEach((container, index) => {
    const containerPath = path.child('initContainers').index(index);
    errors.push(...validateContainer(container, containerPath, volumes));
    if (container.name && names.has(container.name))
      errors.push(field.duplicate(containerPath.child('name'), container.name));
    else if (container.name) names.add(container.name);
  });

  const restartPolicy = podSpec.restartPolicy;
  if (!restartPolicy) errors.push(field.required(path.child('restartPolicy')));
  else if (!['Always', 'OnFailure', 'Never'].includes(restartPolicy)) {
    errors.push(
      field.notSupported(path.child('restartPolicy'), restartPolicy, [
        'Always',
        'OnFailure',
        'Never',
      ]),
    );
  }
  const dnsPolicy = podSpec.dnsPolicy;
  if (!dnsPolicy) errors.push(field.required(path.child('dnsPolicy')));
  else if (!['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'].includes(dnsPolicy)) {
    errors.push(
      field.notSupported(path.child('dnsPolicy'), dnsPolicy, [
        'ClusterFirstWithHostNet',
        'ClusterFirst',
        'Default',
        'None',
      ]),
    );
  }
  for (const [key, value] of Object.entries(podSpec.nodeSelector ?? {})) {
    if (!value && !key)
      errors.push(field.invalid(path.child('nodeSelector'), key, 'name part must be non-empty'));
  }
  if (podSpec.serviceAccountName) {
    for (const message of isDNS1123Subdomain(podSpec.serviceAccountName)) {
      errors.push(
        field.invalid(path.child('serviceAccountName'), podSpec.serviceAccountName, message),
      );
    }
  }
  if (podSpec.nodeName) {
    for (const message of isDNS1123Subdomain(podSpec.nodeName))
      errors.push(field.invalid(path.child('nodeName'), podSpec.nodeName, message));
  }
  const deadline = podSpec.activeDeadlineSeconds;
  if (deadline !== undefined && (deadline < 1 || deadline > MAX_INT32)) {
    errors.push(
      field.invalid(
        path.child('activeDeadlineSeconds'),
        deadline,
        `must be between 1 and ${MAX_INT32}, inclusive`,
      ),
    );
  }
  if (podSpec.hostname) errors.push(...dnsLabelErrors(path.child('hostname'), podSpec.hostname));
  if (podSpec.subdomain) errors.push(...dnsLabelErrors(path.child('subdomain'), podSpec.subdomain));
  errors.push(...validateTolerations(podSpec.tolerations ?? [], path.child('tolerations')));
  if (
    podSpec.preemptionPolicy &&
    !['PreemptLowerPriority', 'Never'].includes(podSpec.preemptionPolicy)
  ) {
    errors.push(
      field.notSupported(path.child('preemptionPolicy'), podSpec.preemptionPolicy, [
        'PreemptLowerPriority',
        'Never',
      ]),
    );
  }
  return errors;
}

const UPDATABLE_POD_SPEC_FIELDS = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];

function goFieldName(jsonName: string): string {
  return jsonName.charAt(0).toUpperCase() + jsonName.slice(1);
}

/** A short diff of two specs in go-cmp's outline, listing the top-level fields that differ. */
function specDiff(oldSpec: PodSpec, newSpec: PodSpec): string {
  const lines = ['  core.PodSpec{'];
  const oldRecord = oldSpec as unknown as Record<string, unknown>;
  const newRecord = newSpec as unknown as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(oldRecord), ...Object.keys(newRecord)])];
  let identical = 0;
  for (const key of keys) {
    const before = JSON.stringify(oldRecord[key] ?? null);
    const after = JSON.stringify(newRecord[key] ?? null);
    if (before === after) {
      identical++;
      continue;
    }
    if (identical > 0) lines.push(`  \t... // ${identical} identical fields`);
    identical = 0;
    lines.push(`- \t${goFieldName(key)}: ${before},`, `+ \t${goFieldName(key)}: ${after},`);
  }
  if (identical > 0) lines.push(`  \t... // ${identical} identical fields`);
  lines.push('  }');
  return lines.join('\n');
}

function tolerationKey(toleration: Toleration): string {
  const { tolerationSeconds: _ignored, ...rest } = toleration;
  return JSON.stringify(rest, Object.keys(rest).sort());
}

/** ValidatePodUpdate's spec part: only images, activeDeadlineSeconds and added tolerations may change. */
export function validatePodSpecUpdate(newSpec: PodSpec, oldSpec: PodSpec): FieldError[] {
  const path = fieldPath('spec');
  for (const key of ['containers', 'initContainers'] as const) {
    if ((newSpec[key] ?? []).length !== (oldSpec[key] ?? []).length) {
      return [field.forbidden(path.child(key), 'pod updates may not add or remove containers')];
    }
  }
  const errors: FieldError[] = [];
  for (const key of ['containers', 'initContainers'] as const) {
    (newSpec[key] ?? []).forEach((container, index) => {
      const imagePath = path.child(key).index(index).child('image');
      if (!container.image) errors.push(field.required(imagePath));
      else if (container.image.trim() !== container.image) {
        errors.push(
          field.invalid(imagePath, container.image, 'must not have leading or trailing whitespace'),
        );
      }
    });
  }
  const oldDeadline = oldSpec.activeDeadlineSeconds;
  const newDeadline = newSpec.activeDeadlineSeconds;
  if (newDeadline !== undefined && (newDeadline < 0 || newDeadline > MAX_INT32)) {
    return [
      ...errors,
      field.invalid(
        path.child('activeDeadlineSeconds'),
        newDeadline,
        `must be between 0 and ${MAX_INT32}, inclusive`,
      ),
    ];
  }
  if (oldDeadline !== undefined && newDeadline !== undefined && oldDeadline < newDeadline) {
    return [
      ...errors,
      field.invalid(
        path.child('activeDeadlineSeconds'),
        newDeadline,
        'must be less than or equal to previous value',
      ),
    ];
  }
  if (oldDeadline !== undefined && newDeadline === undefined) {
    return [
      ...errors,
      field.invalid(
        path.child('activeDeadlineSeconds'),
        'null',
        'must not update from a positive integer to nil value',
      ),
    ];
  }
  const newTolerations = new Set((newSpec.tolerations ?? []).map(tolerationKey));
  if (
    (oldSpec.tolerations ?? []).some((toleration) => !newTolerations.has(tolerationKey(toleration)))
  ) {
    errors.push(
      field.forbidden(
        path.child('tolerations'),
        'existing toleration can not be modified except its tolerationSeconds',
      ),
    );
  }
  // Put back what may change, then anything left that differs is forbidden.
  const munged = structuredClone(newSpec) as PodSpec & Record<string, unknown>;
  for (const key of ['containers', 'initContainers'] as const) {
    (munged[key] ?? []).forEach((container, index) => {
      (container as { image?: string }).image = oldSpec[key]?.[index]?.image;
    });
  }
  munged.activeDeadlineSeconds = oldSpec.activeDeadlineSeconds;
  munged.tolerations = oldSpec.tolerations;
  if (
    (oldSpec.terminationGracePeriodSeconds ?? 0) < 0 &&
    newSpec.terminationGracePeriodSeconds === 1
  ) {
    munged.terminationGracePeriodSeconds = oldSpec.terminationGracePeriodSeconds;
  }
  for (const key of Object.keys(munged)) if (munged[key] === undefined) delete munged[key];
  if (JSON.stringify(sortKeys(munged)) !== JSON.stringify(sortKeys(oldSpec))) {
    errors.push(
      field.forbidden(
        path,
        `pod updates may not change fields other than ${UPDATABLE_POD_SPEC_FIELDS.join(',')}\n${specDiff(oldSpec, munged)}`,
      ),
    );
  }
  return errors;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}
