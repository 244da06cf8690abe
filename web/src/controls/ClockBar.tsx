// Play, pause, step and speed for the virtual clock, with the cluster's virtual time and round.

import type { Speed } from '../../../workers/host/driver.ts';
import { DEFAULT_EPOCH_MS } from '../../../workers/host/clock.ts';
import { useCluster } from '../cluster/store.ts';
import { driver } from '../cluster/session.ts';

const SPEEDS: { label: string; value: Speed }[] = [
  { label: '0.25×', value: 0.25 },
  { label: '0.5×', value: 0.5 },
  { label: '1×', value: 1 },
  { label: '2×', value: 2 },
  { label: '5×', value: 5 },
  { label: '10×', value: 10 },
  { label: '100×', value: 100 },
  { label: 'max', value: 'max' },
];

export function formatClock(time: number): string {
  const seconds = Math.max(0, Math.floor((time - DEFAULT_EPOCH_MS) / 1000));
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
}

export function ClockBar() {
  const clock = useCluster((state) => state.clock);
  const boot = useCluster((state) => state.boot);
  const disabled = boot !== 'ready';
  return (
    <div className="clock-bar" role="toolbar" aria-label="Virtual clock">
      {clock.playing ? (
        <button
          type="button"
          onClick={() => driver()?.pause()}
          disabled={disabled}
          aria-label="Pause"
          title="Pause (Space)"
        >
          ❚❚ Pause
        </button>
      ) : (
        <button
          type="button"
          onClick={() => driver()?.play()}
          disabled={disabled}
          aria-label="Play"
          title="Play (Space)"
        >
          ▶ Play
        </button>
      )}
      <button
        type="button"
        onClick={() => driver()?.step()}
        disabled={disabled || clock.playing}
        aria-label="Step"
        title="One round of hops (.)"
      >
        Step ▸▸
      </button>
      <label className="speed">
        Speed
        <select
          data-testid="speed"
          value={String(clock.speed)}
          disabled={disabled}
          onChange={(event) => {
            const value = event.target.value;
            driver()?.setSpeed(value === 'max' ? 'max' : Number(value));
          }}
        >
          {SPEEDS.map((speed) => (
            <option key={speed.label} value={String(speed.value)}>
              {speed.label}
            </option>
          ))}
        </select>
      </label>
      <span className="clock" data-testid="clock" title="Virtual time since the cluster started">
        {formatClock(clock.time)}
      </span>
      <span
        className="round"
        title="Lockstep rounds so far: each round every message in flight is delivered"
      >
        round {clock.round}
      </span>
    </div>
  );
}
