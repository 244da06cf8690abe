// The widget's diagram, loaded after the captions and controls: the live cluster picture, refitted
// whenever the page resizes the frame.

import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { useEffect, useRef, type RefObject } from 'react';
import { ClusterDiagram } from '../diagram/ClusterDiagram.tsx';

/** The frame is the page's to size: the picture refits whenever its box changes. */
function RefitOnResize({ box }: { box: RefObject<HTMLDivElement | null> }) {
  const flow = useReactFlow();
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        void flow.fitView({ padding: 0.08 });
      });
    });
    observer.observe(element);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
    };
  }, [flow, box]);
  return null;
}

export function EmbedDiagram() {
  const box = useRef<HTMLDivElement>(null);
  return (
    <ReactFlowProvider>
      <div className="embed-diagram-fill" ref={box}>
        <ClusterDiagram />
        <RefitOnResize box={box} />
      </div>
    </ReactFlowProvider>
  );
}
