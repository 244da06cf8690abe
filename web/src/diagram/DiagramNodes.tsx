// The shapes on the diagram: cluster components, zones (control plane, nodes) and pods.

import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { STAGE_NAMES, type StageLight } from './pipeline.ts';

const SIDES = [
  ['top', Position.Top],
  ['bottom', Position.Bottom],
  ['left', Position.Left],
  ['right', Position.Right],
] as const;

function Handles() {
  return (
    <>
      {SIDES.map(([id, position]) => (
        <span key={id}>
          <Handle
            id={id}
            type="source"
            position={position}
            className="handle"
            isConnectable={false}
          />
          <Handle
            id={id}
            type="target"
            position={position}
            className="handle"
            isConnectable={false}
          />
        </span>
      ))}
    </>
  );
}

interface ComponentData {
  title: string;
  subtitle: string;
  role: string;
  active?: boolean;
  /** The API server's handler chain, lit by the requests on screen. */
  pipeline?: StageLight[];
}

const Pipeline = memo(function Pipeline({ lights }: { lights: StageLight[] }) {
  return (
    <ol className="pipeline" aria-label="handler chain">
      {lights.map((light) => (
        <li
          key={light.stage}
          className={`stage stage-${light.state}`}
          data-testid={`stage-${light.stage}`}
          data-state={light.state}
          title={light.labels.join('\n') || STAGE_NAMES[light.stage]}
        >
          {STAGE_NAMES[light.stage]}
        </li>
      ))}
    </ol>
  );
});

export const ComponentNode = memo(function ComponentNode({ data }: NodeProps) {
  const { title, subtitle, role, active, pipeline } = data as unknown as ComponentData;
  return (
    <div
      className={`component role-${role}${active ? ' active' : ''}`}
      data-testid={`component-${title}`}
    >
      <div className="component-title">{title}</div>
      <div className="component-subtitle">{subtitle}</div>
      {pipeline ? <Pipeline lights={pipeline} /> : null}
      <Handles />
    </div>
  );
});

interface ZoneData {
  title: string;
  subtitle: string;
  tone: string;
  summary?: string;
  podCIDR?: string;
}

export const ZoneNode = memo(function ZoneNode({ data }: NodeProps) {
  const { title, subtitle, tone, summary, podCIDR } = data as unknown as ZoneData;
  return (
    <div className={`zone tone-${tone}`} data-testid={`zone-${title}`}>
      <div className="zone-header">
        <span className="zone-title">{title}</span>
        <span className="zone-subtitle">{subtitle}</span>
      </div>
      {podCIDR ? <div className="zone-cidr">pods {podCIDR}</div> : null}
      {summary ? <div className="zone-summary">{summary}</div> : null}
    </div>
  );
});

interface PodData {
  name: string;
  namespace: string;
  status: string;
  ready: string;
  tone: string;
  ip: string;
}

export const PodNode = memo(function PodNode({ data }: NodeProps) {
  const { name, namespace, status, ready, tone, ip } = data as unknown as PodData;
  return (
    <div
      className={`pod tone-${tone}`}
      data-testid={`pod-${name}`}
      data-status={status}
      title={`${namespace}/${name}\n${status} ${ready}${ip ? `\n${ip}` : ''}`}
    >
      <span className="pod-name">{name}</span>
      <span className="pod-status">{status}</span>
      <Handles />
    </div>
  );
});

export const nodeTypes = { component: ComponentNode, zone: ZoneNode, pod: PodNode };
