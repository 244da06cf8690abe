// metrics-server's tables (sigs.k8s.io/metrics-server pkg/api/table.go): the name, one quantity
// column per resource in name order (cpu, memory; a pod's summed over its containers) and the
// window. Its columns, other than Name, carry no description.

import { parseQuantity } from '../../api/quantity.ts';
import { formatQuantity } from '../../api/quantity.ts';
import type { KubeObject } from '../../client/protocol.ts';
import { nanoCores } from '../registry/metrics.ts';
import { column, nameOf, printer, type TableColumnDefinition } from './table.ts';

interface MetricsObject extends KubeObject {
  window?: string;
  usage?: Record<string, string>;
  containers?: { name: string; usage: Record<string, string> }[];
}

const COLUMNS: TableColumnDefinition[] = [
  column('Name', 'string', 'Name of the resource', { format: 'name' }),
  column('cpu', 'string', '', { format: 'quantity' }),
  column('memory', 'string', '', { format: 'quantity' }),
  column('Window', 'string', '', { format: 'duration' }),
];

/** Nanocores and bytes of a usage list. */
function amounts(usage: Record<string, string> | undefined): { cpu: number; memory: number } {
  const milli = (text: string | undefined) => {
    const parsed = parseQuantity(text ?? '0');
    return 'error' in parsed ? 0 : parsed.milliValue;
  };
  return {
    cpu: Math.round(milli(usage?.cpu) * 1e6),
    memory: Math.round(milli(usage?.memory) / 1000),
  };
}

function row(name: string, cpu: number, memory: number, window: string | undefined) {
  return [name, nanoCores(cpu), formatQuantity(memory * 1000, 'BinarySI'), window ?? '0s'];
}

export const nodeMetricsPrinter = printer(COLUMNS, (metrics: MetricsObject) => {
  const { cpu, memory } = amounts(metrics.usage);
  return row(nameOf(metrics), cpu, memory, metrics.window);
});

export const podMetricsPrinter = printer(COLUMNS, (metrics: MetricsObject) => {
  let cpu = 0;
  let memory = 0;
  for (const container of metrics.containers ?? []) {
    const used = amounts(container.usage);
    cpu += used.cpu;
    memory += used.memory;
  }
  return row(nameOf(metrics), cpu, memory, metrics.window);
});
