// `kubectl top node|pod` (kubectl pkg/cmd/top, pkg/metricsutil/metrics_printer.go) over the
// metrics.k8s.io API the API server serves from the kubelets' simulated usage: CPU in millicores,
// memory in MiB, node percentages of allocatable (or capacity), every value tab-terminated as
// kubectl writes it. Left out: the pod-age check behind `metrics not available yet`.

import type { Node } from 'kubernetes-types/core/v1';
import { isParseError, type Status } from '../api/errors.ts';
import { StatusError } from '../client/client.ts';
import { parseQuantity } from '../api/quantity.ts';
import { CommandError, SELECTOR_FLAG, type Command, type CommandContext } from './command.ts';
import { TabWriter } from './tabwriter.ts';

const METRICS = '/apis/metrics.k8s.io/v1beta1';

interface Metrics {
  metadata: { name: string; namespace?: string };
  usage?: Record<string, string>;
  containers?: { name: string; usage?: Record<string, string> }[];
}

function milli(text: string | undefined): number {
  const parsed = parseQuantity(text ?? '0');
  return isParseError(parsed) ? 0 : parsed.milliValue;
}

/** printSingleResourceUsage. */
function usageText(resource: 'cpu' | 'memory', milliValue: number): string {
  if (resource === 'cpu') return `${milliValue}m`;
  return `${Math.trunc(Math.ceil(milliValue / 1000) / (1024 * 1024))}Mi`;
}

async function metricsAvailable(context: CommandContext): Promise<void> {
  const response = await context.client.request({ verb: 'GET', path: METRICS });
  if (response.code !== 200) throw new CommandError('error: Metrics API not available');
}

async function fetchMetrics(
  context: CommandContext,
  path: string,
  name: string | undefined,
): Promise<Metrics[]> {
  const selector = context.flags.string('selector');
  const response = await context.client.request({
    verb: 'GET',
    path: name ? `${path}/${name}` : path,
    ...(!name && selector ? { query: { labelSelector: selector } } : {}),
  });
  if (response.code !== 200) throw new StatusError(response.body as Status);
  return name ? [response.body as Metrics] : ((response.body as { items?: Metrics[] }).items ?? []);
}

function sorter(sortBy: string, withNamespace: boolean) {
  return (
    a: { name: string; namespace?: string; cpu: number; memory: number },
    b: typeof a,
  ): number => {
    if (sortBy === 'cpu') return b.cpu - a.cpu;
    if (sortBy === 'memory') return b.memory - a.memory;
    if (withNamespace && a.namespace !== b.namespace)
      return (a.namespace ?? '') < (b.namespace ?? '') ? -1 : 1;
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  };
}

const topNode: Command = {
  name: 'node',
  aliases: ['nodes', 'no'],
  flags: [
    SELECTOR_FLAG,
    { name: 'sort-by', kind: 'string' },
    { name: 'no-headers', kind: 'bool' },
    { name: 'show-capacity', kind: 'bool' },
    { name: 'use-protocol-buffers', kind: 'bool' },
  ],
  async run(context, args) {
    const { flags } = context;
    await metricsAvailable(context);
    const metrics = await fetchMetrics(context, `${METRICS}/nodes`, args[0]);
    if (metrics.length === 0) throw new CommandError('error: metrics not available yet');
    const nodes = args[0]
      ? [
          await context.client
            .resource<Node>({ group: '', version: 'v1', resource: 'nodes' })
            .get(args[0]),
        ]
      : (
          await context.client
            .resource<Node>({ group: '', version: 'v1', resource: 'nodes' })
            .list(flags.string('selector') ? { labelSelector: flags.string('selector') } : {})
        ).items;
    const available = new Map(
      nodes.map((node) => [
        node.metadata?.name ?? '',
        (flags.bool('show-capacity') ? node.status?.capacity : node.status?.allocatable) ?? {},
      ]),
    );
    const rows = metrics
      .map((m) => ({
        name: m.metadata.name,
        cpu: milli(m.usage?.cpu),
        memory: milli(m.usage?.memory),
      }))
      .sort(sorter(flags.string('sort-by'), false));
    let text = flags.bool('no-headers')
      ? ''
      : 'NAME\tCPU(cores)\tCPU(%)\tMEMORY(bytes)\tMEMORY(%)\t\n';
    for (const row of rows) {
      const limits = available.get(row.name) ?? {};
      available.delete(row.name);
      const percent = (used: number, total: string | undefined): string =>
        total === undefined ? '' : `${Math.trunc((used / milli(total)) * 100)}%\t`;
      text += `${row.name}\t${usageText('cpu', row.cpu)}\t${percent(row.cpu, limits.cpu)}${usageText('memory', row.memory)}\t${percent(row.memory, limits.memory)}\n`;
    }
    for (const name of available.keys())
      text += `${name}\t<unknown>\t<unknown>\t<unknown>\t<unknown>\t\n`;
    const writer = new TabWriter(context.io.stdout);
    writer.write(text);
    writer.flush();
    return 0;
  },
};

const topPod: Command = {
  name: 'pod',
  aliases: ['pods', 'po'],
  flags: [
    SELECTOR_FLAG,
    { name: 'all-namespaces', short: 'A', kind: 'bool' },
    { name: 'containers', kind: 'bool' },
    { name: 'sort-by', kind: 'string' },
    { name: 'no-headers', kind: 'bool' },
    { name: 'sum', kind: 'bool' },
    { name: 'field-selector', kind: 'string' },
    { name: 'use-protocol-buffers', kind: 'bool' },
  ],
  async run(context, args) {
    const { flags, io } = context;
    await metricsAvailable(context);
    const all = flags.bool('all-namespaces');
    const path = all ? `${METRICS}/pods` : `${METRICS}/namespaces/${context.namespace}/pods`;
    const metrics = await fetchMetrics(context, path, args[0]);
    if (metrics.length === 0) {
      const pods = await context.client
        .resource(
          { group: '', version: 'v1', resource: 'pods' },
          all ? undefined : context.namespace,
        )
        .list();
      if (pods.items.length > 0) throw new CommandError('error: metrics not available yet');
      io.stderr(
        all ? 'No resources found\n' : `No resources found in ${context.namespace} namespace.\n`,
      );
      return 0;
    }
    const containers = flags.bool('containers');
    let text = '';
    if (!flags.bool('no-headers'))
      text += `${all ? 'NAMESPACE\t' : ''}${containers ? 'POD\t' : ''}NAME\tCPU(cores)\tMEMORY(bytes)\t\n`;
    const rows = metrics
      .map((m) => ({
        name: m.metadata.name,
        namespace: m.metadata.namespace,
        containers: m.containers ?? [],
        cpu: (m.containers ?? []).reduce((sum, c) => sum + milli(c.usage?.cpu), 0),
        memory: (m.containers ?? []).reduce((sum, c) => sum + milli(c.usage?.memory), 0),
      }))
      .sort(sorter(flags.string('sort-by'), all));
    for (const row of rows) {
      const prefix = all ? `${row.namespace ?? ''}\t` : '';
      if (containers) {
        for (const container of row.containers)
          text += `${prefix}${row.name}\t${container.name}\t${usageText('cpu', milli(container.usage?.cpu))}\t${usageText('memory', milli(container.usage?.memory))}\t\n`;
      } else
        text += `${prefix}${row.name}\t${usageText('cpu', row.cpu)}\t${usageText('memory', row.memory)}\t\n`;
    }
    if (flags.bool('sum')) {
      const width = 3 + (all ? 1 : 0) + (containers ? 1 : 0);
      const cpu = rows.reduce((sum, row) => sum + row.cpu, 0);
      const memory = rows.reduce((sum, row) => sum + row.memory, 0);
      const pad = '\t'.repeat(width - 2);
      text += `${pad}________\t________\t\n${pad}${usageText('cpu', cpu)}\t${usageText('memory', memory)}\t\n`;
    }
    const writer = new TabWriter(io.stdout);
    writer.write(text);
    writer.flush();
    return 0;
  },
};

export const topCommand: Command = { name: 'top', flags: [], subcommands: [topNode, topPod] };
