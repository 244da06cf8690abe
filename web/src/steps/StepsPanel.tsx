// "What just happened": the eleven steps of the last apply, ticked as their hops happen.

import { useSession } from '../cluster/session.ts';

export function StepsPanel() {
  const steps = useSession((state) => state.steps);
  const tracked = useSession((state) => state.tracked);
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
              {step.detail ? <code className="step-detail">{step.detail}</code> : null}
              {step.note ? <div className="step-note">{step.note}</div> : null}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
