// "What just happened": the eleven steps of the last apply, ticked as their hops happen.

import type { Pod } from 'kubernetes-types/core/v1';
import { useSession } from '../cluster/session.ts';
import { useCluster } from '../cluster/store.ts';

/** Why the scheduler could not place the tracked pod, in its own words, if it could not. */
function useSchedulingFailure(tracked: string | null): string | null {
  const pod = useCluster((state) =>
    tracked ? (state.objects.get(`/registry/${tracked}`) as Pod | undefined) : undefined,
  );
  const condition = pod?.status?.conditions?.find((item) => item.type === 'PodScheduled');
  return condition?.status === 'False' && condition.reason === 'Unschedulable'
    ? (condition.message ?? null)
    : null;
}

export function StepsPanel() {
  const steps = useSession((state) => state.steps);
  const tracked = useSession((state) => state.tracked);
  const failure = useSchedulingFailure(tracked);
  if (steps.length === 0) {
    return (
      <section className="steps" aria-label="What just happened">
        <h2>What just happened</h2>
        <p className="muted">
          Apply a Pod or a ReplicaSet and follow its journey here, hop by hop.
        </p>
      </section>
    );
  }
  const done = steps.filter((step) => step.done).length;
  return (
    <section className="steps" aria-label="What just happened">
      <h2>
        What just happened <span className="muted">{tracked ? `· ${tracked}` : ''}</span>
        <span className="progress" data-testid="steps-progress">
          {done}/{steps.length}
        </span>
      </h2>
      <ol>
        {steps.map((step) => (
          <li
            key={step.id}
            className={step.done ? 'done' : 'pending'}
            data-testid={`step-${step.id}`}
            data-done={step.done}
          >
            <span className="tick" aria-hidden="true">
              {step.done ? '✓' : step.id}
            </span>
            <div>
              <div className="step-title">{step.title}</div>
              {step.stages ? (
                <ol className="step-stages" data-testid="handler-chain">
                  {step.stages.map((mark, index) => (
                    <li
                      key={index}
                      className={`stage stage-${mark.outcome}`}
                      data-stage={mark.stage}
                      data-outcome={mark.outcome}
                    >
                      {mark.label}
                    </li>
                  ))}
                </ol>
              ) : null}
              {step.detail ? <code className="step-detail">{step.detail}</code> : null}
              {step.note ? <div className="step-note">{step.note}</div> : null}
              {step.id === 5 && !step.done && failure ? (
                <div className="step-failure" data-testid="scheduling-failure">
                  FailedScheduling: {failure}
                </div>
              ) : null}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
