// The kubelet's /metrics/resource endpoint, which metrics-server scrapes
// (pkg/kubelet/metrics/collectors/resource_metrics.go): node, container and pod CPU counters and
// working sets in the Prometheus text format, families sorted by name as the registry gathers
// them, samples stamped with the time they were measured. Left out: the swap families, which
// report nothing without swap, and the hidden deprecated scrape_error.

import type { UsageSample } from './usage.ts';

export const PROMETHEUS_TEXT = 'text/plain; version=0.0.4; charset=utf-8';

interface Family {
  name: string;
  help: string;
  type: 'counter' | 'gauge';
  samples: { labels: [string, string][]; value: number; timestamp?: number }[];
}

/** strconv.FormatFloat(value, 'g', -1, 64), as the Prometheus encoder writes values. */
export function goFloat(value: number): string {
  if (value === 0) return '0';
  const exponent = Math.floor(Math.log10(Math.abs(value)));
  // The shortest form switches to an exponent below 1e-4 and from 1e6 (precision 6).
  if (exponent >= -4 && exponent < 6) return String(value);
  const [mantissa = '', power = '0'] = value.toExponential().split('e');
  const sign = power.startsWith('-') ? '-' : '+';
  return `${mantissa}e${sign}${power.replace(/^[+-]/, '').padStart(2, '0')}`;
}

function escapeLabel(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');
}

function line(name: string, sample: Family['samples'][number]): string {
  const labels = [...sample.labels].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const labelText =
    labels.length > 0
      ? `{${labels.map(([key, value]) => `${key}="${escapeLabel(value)}"`).join(',')}}`
      : '';
  const stamp = sample.timestamp !== undefined ? ` ${String(sample.timestamp)}` : '';
  return `${name}${labelText} ${goFloat(sample.value)}${stamp}\n`;
}

function sortedSamples(samples: Family['samples']): Family['samples'] {
  const key = (sample: Family['samples'][number]) =>
    [...sample.labels]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, value]) => value)
      .join('\u0000');
  return [...samples].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** The endpoint's body for one usage sample. */
export function resourceMetricsText(sample: UsageSample): string {
  const at = sample.time;
  const seconds = (ns: number) => ns / 1e9;
  const containerLabels = (c: UsageSample['containers'][number]): [string, string][] => [
    ['container', c.container],
    ['namespace', c.namespace],
    ['pod', c.pod],
  ];
  const pods = new Map<string, { namespace: string; pod: string; cpu: number; memory: number }>();
  for (const container of sample.containers) {
    const key = `${container.namespace}/${container.pod}`;
    const pod = pods.get(key) ?? {
      namespace: container.namespace,
      pod: container.pod,
      cpu: 0,
      memory: 0,
    };
    pod.cpu += container.cpuCoreNanoSeconds;
    pod.memory += container.workingSetBytes;
    pods.set(key, pod);
  }
  const podLabels = (pod: { namespace: string; pod: string }): [string, string][] => [
    ['namespace', pod.namespace],
    ['pod', pod.pod],
  ];
  const families: Family[] = [
    {
      name: 'container_cpu_usage_seconds_total',
      help: '[STABLE] Cumulative cpu time consumed by the container in core-seconds',
      type: 'counter',
      samples: sample.containers.map((c) => ({
        labels: containerLabels(c),
        value: seconds(c.cpuCoreNanoSeconds),
        timestamp: at,
      })),
    },
    {
      name: 'container_memory_working_set_bytes',
      help: '[STABLE] Current working set of the container in bytes',
      type: 'gauge',
      samples: sample.containers.map((c) => ({
        labels: containerLabels(c),
        value: c.workingSetBytes,
        timestamp: at,
      })),
    },
    {
      name: 'container_start_time_seconds',
      help: '[STABLE] Start time of the container since unix epoch in seconds',
      type: 'gauge',
      samples: sample.containers.map((c) => ({
        labels: containerLabels(c),
        value: c.startTime / 1000,
      })),
    },
    {
      name: 'node_cpu_usage_seconds_total',
      help: '[STABLE] Cumulative cpu time consumed by the node in core-seconds',
      type: 'counter',
      samples: [{ labels: [], value: seconds(sample.node.cpuCoreNanoSeconds), timestamp: at }],
    },
    {
      name: 'node_memory_working_set_bytes',
      help: '[STABLE] Current working set of the node in bytes',
      type: 'gauge',
      samples: [{ labels: [], value: sample.node.workingSetBytes, timestamp: at }],
    },
    {
      name: 'pod_cpu_usage_seconds_total',
      help: '[STABLE] Cumulative cpu time consumed by the pod in core-seconds',
      type: 'counter',
      samples: [...pods.values()].map((pod) => ({
        labels: podLabels(pod),
        value: seconds(pod.cpu),
        timestamp: at,
      })),
    },
    {
      name: 'pod_memory_working_set_bytes',
      help: '[STABLE] Current working set of the pod in bytes',
      type: 'gauge',
      samples: [...pods.values()].map((pod) => ({
        labels: podLabels(pod),
        value: pod.memory,
        timestamp: at,
      })),
    },
    {
      name: 'resource_scrape_error',
      help: '[STABLE] 1 if there was an error while getting container metrics, 0 otherwise',
      type: 'gauge',
      samples: [{ labels: [], value: 0 }],
    },
  ];
  return families
    .filter((family) => family.samples.length > 0)
    .map(
      (family) =>
        `# HELP ${family.name} ${family.help}\n# TYPE ${family.name} ${family.type}\n` +
        sortedSamples(family.samples)
          .map((sample) => line(family.name, sample))
          .join(''),
    )
    .join('');
}
