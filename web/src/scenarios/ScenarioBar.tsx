// The top bar's scenario controls: open a built-in lesson, leave the one being played, and Share,
// which puts the scenario (or what the learner did) in a link that replays it anywhere.

import { useState } from 'react';
import { forgetSavedCluster, shareableScenario } from '../cluster/session.ts';
import { encodeScenario } from './codec.ts';
import { LESSONS } from './lessons.ts';
import { useScenario } from './store.ts';

/**
 * Opening a scenario (or leaving one) starts a new cluster: the link is the whole state, so the
 * saved cluster is forgotten and the page loads afresh.
 */
function open(hash: string): void {
  void forgetSavedCluster().finally(() => {
    window.location.hash = hash;
    window.location.reload();
  });
}

function ShareDialog({ link, onClose }: { link: string; onClose: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="share-dialog" role="dialog" aria-label="Share" data-testid="share-dialog">
      <p>Anyone who opens this link gets the same cluster and sees the same events.</p>
      <input readOnly value={link} aria-label="Scenario link" data-testid="share-link" />
      <div className="share-actions">
        <button
          type="button"
          className="primary"
          onClick={() => {
            void navigator.clipboard.writeText(link).then(() => {
              setCopied(true);
            });
          }}
        >
          {copied ? 'Copied' : 'Copy link'}
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}

export function ScenarioBar() {
  const playing = useScenario((state) => state.scenario);
  const [link, setLink] = useState<string | null>(null);
  return (
    <div className="scenario-bar">
      <select
        aria-label="Open a lesson"
        value=""
        onChange={(event) => {
          const lesson = LESSONS.find((candidate) => candidate.id === event.target.value);
          if (lesson) open(encodeScenario(lesson.scenario));
        }}
      >
        <option value="" disabled>
          Lessons…
        </option>
        {LESSONS.map((lesson) => (
          <option key={lesson.id} value={lesson.id} title={lesson.summary}>
            {lesson.scenario.title}
          </option>
        ))}
      </select>
      {playing ? (
        <button
          type="button"
          onClick={() => {
            open('');
          }}
          title="Leave the scenario for a fresh cluster and your own editor text"
        >
          Leave lesson
        </button>
      ) : null}
      <button
        type="button"
        data-testid="share"
        onClick={() => {
          const scenario = shareableScenario();
          if (!scenario) return;
          const url = new URL(window.location.href);
          url.hash = encodeScenario(scenario);
          setLink(url.toString());
        }}
      >
        Share
      </button>
      {link ? (
        <ShareDialog
          link={link}
          onClose={() => {
            setLink(null);
          }}
        />
      ) : null}
    </div>
  );
}
