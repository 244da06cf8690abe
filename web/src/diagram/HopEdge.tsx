// An edge that carries the round's hops: each message travelling between two components is a
// token sliding along the edge, labelled as the trace names it (`POST pods`, `watch ADDED`).

import { BaseEdge, getBezierPath, type EdgeProps } from '@xyflow/react';
import { memo, useEffect, useRef } from 'react';

export interface Token {
  key: string;
  label: string;
  reverse: boolean;
  kind: string;
  /** Tokens sharing an edge in one round are stacked, one lane each. */
  lane: number;
}

export interface HopEdgeData {
  tokens: Token[];
  durationMs: number;
}

function TokenShape({
  path,
  token,
  durationMs,
}: {
  path: string;
  token: Token;
  durationMs: number;
}) {
  const motion = useRef<SVGAnimateMotionElement>(null);
  useEffect(() => {
    // SMIL animations inserted after load start at document time 0; start this one now.
    motion.current?.beginElement();
  }, []);
  const width = Math.max(44, token.label.length * 6.2 + 14);
  return (
    <g className={`token token-${token.kind}`}>
      <animateMotion
        ref={motion}
        begin="indefinite"
        dur={`${durationMs}ms`}
        fill="freeze"
        path={path}
        keyPoints={token.reverse ? '1;0' : '0;1'}
        keyTimes="0;1"
        calcMode="linear"
      />
      <circle r={6} />
      <g transform={`translate(0 ${token.lane * 21})`}>
        <rect x={10} y={-10} width={width} height={18} rx={5} />
        <text x={17} y={3}>
          {token.label}
        </text>
      </g>
    </g>
  );
}

export const HopEdge = memo(function HopEdge(props: EdgeProps) {
  const [path] = getBezierPath(props);
  const data = props.data as HopEdgeData | undefined;
  const tokens = data?.tokens ?? [];
  return (
    <>
      <BaseEdge
        id={props.id}
        path={path}
        className={tokens.length > 0 ? 'edge-busy' : 'edge-idle'}
      />
      {tokens.map((token) => (
        <TokenShape
          key={token.key}
          path={path}
          token={token}
          durationMs={data?.durationMs ?? 450}
        />
      ))}
    </>
  );
});

export const edgeTypes = { hop: HopEdge };
