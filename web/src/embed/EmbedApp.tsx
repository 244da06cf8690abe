// The compact player: the live diagram, the current step's caption and what it printed, and
// restart / play-pause / step with the progress through the scenario. Everything from outside
// (titles, captions, output) is rendered as text.

import { lazy, Suspense } from 'react';
import type { EmbedPlayer } from './embed-player.ts';
import { useEmbed } from './embed-player.ts';
import { commandOf } from '../scenarios/player.ts';

// React Flow is most of the widget's weight: the captions and controls paint first.
const EmbedDiagram = lazy(() =>
  import('./EmbedDiagram.tsx').then((module) => ({ default: module.EmbedDiagram })),
);

function Caption() {
  const { scenario, running, done, last, status } = useEmbed();
  if (!scenario) return null;
  const index = running ?? (last ? last.index : done);
  const step = scenario.steps[index];
  const caption = step ? step.caption || commandOf(step) : '';
  const output = running === null && last?.index === index ? last.output.trimEnd() : '';
  return (
    <div className="embed-text">
      <p className="embed-caption" data-testid="embed-caption" aria-live="polite">
        {status === 'ready' && done === 0 && running === null
          ? `${scenario.title}: press play.`
          : caption}
      </p>
      {step && (running !== null || last) ? (
        <code className="embed-command" data-testid="embed-command">
          {commandOf(step)}
        </code>
      ) : null}
      {output ? (
        <pre className="embed-output" data-testid="embed-output" data-ok={String(last?.ok)}>
          {output}
        </pre>
      ) : null}
    </div>
  );
}

function Controls({ player }: { player: EmbedPlayer }) {
  const { scenario, status, running, done, playing } = useEmbed();
  const total = scenario?.steps.length ?? 0;
  const ready = status === 'ready';
  const finished = done >= total;
  return (
    <div className="embed-controls" role="toolbar" aria-label="Scenario player">
      <button
        type="button"
        onClick={() => {
          player.restart();
        }}
        disabled={!scenario || status === 'booting'}
        aria-label="Restart"
        title="Restart"
        data-testid="embed-restart"
      >
        ⟲
      </button>
      {playing ? (
        <button
          type="button"
          onClick={() => {
            player.pause();
          }}
          aria-label="Pause"
          title="Pause"
          data-testid="embed-pause"
        >
          ❚❚
        </button>
      ) : (
        <button
          type="button"
          className="primary"
          onClick={() => {
            player.play();
          }}
          disabled={!ready || finished}
          aria-label="Play"
          title="Play"
          data-testid="embed-play"
        >
          ▶
        </button>
      )}
      <button
        type="button"
        onClick={() => {
          player.step();
        }}
        disabled={!ready || finished || running !== null}
        aria-label="Next step"
        title="Next step"
        data-testid="embed-step"
      >
        ▸▸
      </button>
      <progress max={Math.max(total, 1)} value={done} aria-label="Progress" />
      <span className="embed-progress" data-testid="embed-progress">
        {done}/{total}
      </span>
      <span className="embed-title" title={scenario?.title}>
        {scenario?.title}
      </span>
    </div>
  );
}

function Overlay({ problems }: { problems: readonly string[] }) {
  const { status, notice, scenario } = useEmbed();
  const messages = [...problems, ...(notice ? [notice] : [])];
  const starting = status === 'booting';
  if (!starting && messages.length === 0 && scenario) return null;
  return (
    <div className="embed-overlay">
      {starting ? (
        <p data-testid="embed-booting">Starting a cluster of {scenario?.nodes} nodes…</p>
      ) : null}
      {messages.map((message) => (
        <p key={message} className="embed-notice" role="alert" data-testid="embed-notice">
          {message}
        </p>
      ))}
      {!scenario && !starting ? (
        <p className="muted">No scenario to play: give the widget ?lesson=… or ?scenario=….</p>
      ) : null}
    </div>
  );
}

export function EmbedApp({
  player,
  problems,
}: {
  player: EmbedPlayer;
  problems: readonly string[];
}) {
  return (
    <div className="embed" data-testid="embed">
      <div className="embed-diagram">
        <Suspense fallback={null}>
          <EmbedDiagram />
        </Suspense>
        <Overlay problems={problems} />
      </div>
      <Caption />
      <Controls player={player} />
    </div>
  );
}
