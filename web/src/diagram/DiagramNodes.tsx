// The shapes on the diagram: cluster components, zones (control plane, nodes), pods, Services,
// and the group cards that stand for folded nodes and pools.

import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { PhaseCount } from './layout.ts';
import { STAGE_NAMES, type StageLight } from './pipeline.ts';
import { useDiagramView } from './view.ts';

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

/** One bar per pod phase, as wide as its share of the pods. */
const PhaseBar = memo(function PhaseBar({ phases }: { phases: PhaseCount[] }) {
  return (
    <div className="phase-bar" aria-hidden="true">
      {phases.map((phase) => (
        <span
          key={phase.tone}
          className={`phase tone-${phase.tone}`}
          style={{ flexGrow: phase.count }}
          data-tone={phase.tone}
          data-count={phase.count}
        />
      ))}
    </div>
  );
});

interface ZoneData {
  title: string;
  subtitle: string;
  tone: string;
  summary?: string;
  podCIDR?: string;
  phases?: PhaseCount[];
  /** The pod summary opens into chips (and closes again) on click. */
  expandable?: boolean;
  expanded?: boolean;
  /** A node of the local agent: the badge saying its pods are real containers. */
  real?: string;
}

export const ZoneNode = memo(function ZoneNode({ id, data }: NodeProps) {
  const { title, subtitle, tone, summary, podCIDR, phases, expandable, expanded, real } =
    data as unknown as ZoneData;
  const toggle = useDiagramView((state) => state.toggle);
  return (
    <div className={`zone tone-${tone}${real ? ' real' : ''}`} data-testid={`zone-${title}`}>
      <div className="zone-header">
        <span className="zone-title">{title}</span>
        <span className="zone-subtitle">{subtitle}</span>
      </div>
      {podCIDR ? <div className="zone-cidr">pods {podCIDR}</div> : null}
      {real ? (
        <div className="zone-real" title="Its pods are real containers, run by the local agent">
          {real}
        </div>
      ) : null}
      {summary && expandable ? (
        <button
          type="button"
          className="zone-summary nodrag"
          data-testid={`summary-${title}`}
          title={expanded ? 'Fold the pods into this summary' : 'Show a chip per pod'}
          onClick={(event) => {
            event.stopPropagation();
            toggle(id);
          }}
        >
          <span>
            {expanded ? '▾' : '▸'} {summary}
          </span>
          {phases ? <PhaseBar phases={phases} /> : null}
        </button>
      ) : summary ? (
        <div className="zone-summary">{summary}</div>
      ) : null}
    </div>
  );
});

interface GroupData {
  kind: 'node' | 'pool';
  title: string;
  subtitle: string;
  tone: string;
  summary: string;
  phases: PhaseCount[];
  active?: boolean;
}

/** A folded node or a pool of nodes: click opens it (the diagram's onNodeClick). */
export const GroupNode = memo(function GroupNode({ data }: NodeProps) {
  const { kind, title, subtitle, tone, summary, phases, active } = data as unknown as GroupData;
  return (
    <div
      className={`group-card group-${kind} tone-${tone}${active ? ' active' : ''}`}
      data-testid={kind === 'node' ? `zone-${title}` : `pool-${title}`}
      data-collapsed="true"
      title={`${title}: ${summary}. Click to open.`}
    >
      <div className="zone-header">
        <span className="zone-title">{title}</span>
        <span className="zone-subtitle">{subtitle}</span>
      </div>
      <div className="group-summary" data-testid={`summary-${title}`}>
        {summary}
      </div>
      <PhaseBar phases={phases} />
      <Handle
        id="top"
        type="target"
        position={Position.Top}
        className="handle"
        isConnectable={false}
      />
    </div>
  );
});

interface ServiceData {
  name: string;
  namespace: string;
  type: string;
  clusterIP: string;
  endpoints: number;
}

export const ServiceNode = memo(function ServiceNode({ data }: NodeProps) {
  const { name, namespace, type, clusterIP, endpoints } = data as unknown as ServiceData;
  return (
    <div
      className="service"
      data-testid={`service-${name}`}
      title={`${namespace}/${name}\n${type} ${clusterIP}\n${endpoints} ready endpoint(s)`}
    >
      <span className="service-name">{name}</span>
      <span className="service-detail">
        {clusterIP || type} · {endpoints} {endpoints === 1 ? 'endpoint' : 'endpoints'}
      </span>
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
  /** A real container on the local agent's engine. */
  real?: boolean;
}

export const PodNode = memo(function PodNode({ data }: NodeProps) {
  const { name, namespace, status, ready, tone, ip, real } = data as unknown as PodData;
  return (
    <div
      className={`pod tone-${tone}${real ? ' real' : ''}`}
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

export const nodeTypes = {
  component: ComponentNode,
  zone: ZoneNode,
  pod: PodNode,
  group: GroupNode,
  service: ServiceNode,
};
