// The tour's card, beside the part of the workspace each stop is about. It never covers the page
// (the rest stays usable), Escape or Skip ends it, and ← / → move between stops.

import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useCluster } from '../cluster/store.ts';
import { useScenario } from '../scenarios/store.ts';
import { useWorkspace } from './store.ts';
import { dismissTour, TOUR, tourDismissed } from './tour.ts';

const CARD_WIDTH = 320;

interface Box {
  top: number;
  left: number;
  width: number;
  height: number;
}

function boxOf(selector: string): Box | null {
  const element = document.querySelector(selector);
  if (!element) return null;
  const { top, left, width, height } = element.getBoundingClientRect();
  return { top, left, width, height };
}

/** Beside the target where there is room, else inside its top-left corner; always on screen. */
function cardPosition(box: Box | null): { top: number; left: number } {
  const margin = 12;
  const maxLeft = window.innerWidth - CARD_WIDTH - margin;
  if (!box) return { top: 80, left: Math.max(margin, maxLeft / 2) };
  const right = box.left + box.width + margin;
  const left =
    right <= maxLeft
      ? right
      : box.left - CARD_WIDTH - margin >= margin
        ? box.left - CARD_WIDTH - margin
        : box.left + margin;
  const top = Math.min(Math.max(margin, box.top + margin), window.innerHeight - 220);
  return { top, left: Math.min(Math.max(margin, left), maxLeft) };
}

export function Tour() {
  const step = useWorkspace((state) => state.tourStep);
  const setStep = useWorkspace((state) => state.setTourStep);
  const [box, setBox] = useState<Box | null>(null);
  const next = useRef<HTMLButtonElement>(null);
  const stop = step === null ? undefined : TOUR[step];

  useLayoutEffect(() => {
    if (!stop) return;
    const measure = () => {
      setBox(boxOf(stop.target));
    };
    measure();
    window.addEventListener('resize', measure);
    return () => {
      window.removeEventListener('resize', measure);
    };
  }, [stop]);

  useEffect(() => {
    if (step === null) return;
    next.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        dismissTour();
        setStep(null);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
    };
  }, [step, setStep]);

  if (step === null || !stop) return null;
  const last = step === TOUR.length - 1;
  const end = () => {
    dismissTour();
    setStep(null);
  };
  return (
    <>
      {box ? (
        <div
          className="tour-highlight"
          style={{ top: box.top, left: box.left, width: box.width, height: box.height }}
        />
      ) : null}
      <div
        className="tour-card"
        role="dialog"
        aria-modal="false"
        aria-labelledby="tour-title"
        data-testid="tour"
        style={{ ...cardPosition(box), width: CARD_WIDTH }}
        onKeyDown={(event) => {
          if (event.key === 'ArrowRight' && !last) setStep(step + 1);
          else if (event.key === 'ArrowLeft' && step > 0) setStep(step - 1);
          else return;
          event.stopPropagation();
          event.preventDefault();
        }}
      >
        <div className="tour-progress">
          {step + 1} / {TOUR.length}
        </div>
        <h2 id="tour-title">{stop.title}</h2>
        <p>{stop.text}</p>
        <div className="tour-actions">
          <button type="button" onClick={end}>
            Skip
          </button>
          {step > 0 ? (
            <button
              type="button"
              onClick={() => {
                setStep(step - 1);
              }}
            >
              Back
            </button>
          ) : null}
          <button
            ref={next}
            type="button"
            className="primary"
            data-testid="tour-next"
            onClick={() => {
              if (last) end();
              else setStep(step + 1);
            }}
          >
            {last ? 'Done' : 'Next'}
          </button>
        </div>
      </div>
    </>
  );
}

/** Opens the tour once the cluster is up on a first visit, unless the tab plays a scenario link. */
export function useFirstVisitTour(): void {
  const ready = useCluster((state) => state.boot === 'ready');
  const fromLink = useScenario((state) => state.scenario !== null || state.linkError !== null);
  useEffect(() => {
    if (!ready || fromLink || tourDismissed()) return;
    if (useWorkspace.getState().tourStep === null) useWorkspace.getState().setTourStep(0);
  }, [ready, fromLink]);
}
