// The scenario being played: its steps as a learner would type them, each with its caption and,
// once run, what it printed. "Next step" runs one, "Play" runs the rest until one fails.

import { useCluster } from '../cluster/store.ts';
import { playScenario, runNextStep } from '../cluster/session.ts';
import { commandOf } from './player.ts';
import { useScenario } from './store.ts';

export function LessonPanel() {
  const scenario = useScenario((state) => state.scenario);
  const next = useScenario((state) => state.next);
  const running = useScenario((state) => state.running);
  const outcomes = useScenario((state) => state.outcomes);
  const ready = useCluster((state) => state.boot === 'ready');
  if (!scenario) return null;
  const failed = outcomes.some((outcome) => !outcome.ok);
  const done = next >= scenario.steps.length;
  return (
    <section className="lesson" aria-label="Lesson" data-testid="lesson">
      <header className="lesson-header">
        <h2>{scenario.title}</h2>
        <div className="lesson-controls">
          <button
            type="button"
            onClick={() => void runNextStep()}
            disabled={!ready || running || done || failed}
            data-testid="lesson-next"
          >
            Next step
          </button>
          <button
            type="button"
            className="primary"
            onClick={() => void playScenario()}
            disabled={!ready || running || done || failed}
            data-testid="lesson-play"
          >
            Play all
          </button>
        </div>
      </header>
      <ol className="lesson-steps">
        {scenario.steps.map((step, index) => {
          const outcome = outcomes.find((candidate) => candidate.index === index);
          const state = outcome
            ? outcome.ok
              ? 'done'
              : 'failed'
            : running && index === next
              ? 'running'
              : index === next
                ? 'next'
                : 'pending';
          return (
            <li
              key={index}
              className={`lesson-step ${state}`}
              data-testid={`lesson-step-${index + 1}`}
              data-state={state}
            >
              <code className="lesson-command">{commandOf(step)}</code>
              {step.caption ? <p className="lesson-caption">{step.caption}</p> : null}
              {outcome?.output ? <pre className="lesson-output">{outcome.output}</pre> : null}
            </li>
          );
        })}
      </ol>
      {done ? (
        <p className="lesson-end" data-testid="lesson-done">
          Done. The cluster is yours now: try your own commands in the terminal.
        </p>
      ) : null}
    </section>
  );
}
