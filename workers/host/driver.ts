// Plays the cluster in wall-clock time for people to watch (docs/decisions/0001-lockstep-rounds.md):
// while messages are in flight, each round is held on screen for `hopMs / speed` so the diagram
// can animate its hops, and virtual time stands still (a hop takes no virtual time); when the
// cluster is idle, virtual time runs at `speed` × wall time until the next timer. Pause stops
// both, step runs one round (or jumps to the next timer), and speed 'max' never waits.
// This is the one place outside tests that reads the wall clock.

import type { Coordinator } from './coordinator.ts';

export type Speed = number | 'max';

export interface DriverState {
  playing: boolean;
  speed: Speed;
  time: number;
  round: number;
}

export class Driver {
  private playing = false;
  private speed: Speed = 1;
  private stepsRequested = 0;
  private wake: (() => void) | null = null;
  private running = false;
  private stopped = false;
  private readonly listeners = new Set<(state: DriverState) => void>();

  constructor(
    private readonly coordinator: Coordinator,
    /** Wall time a round with hops stays on screen at speed 1. */
    private readonly hopMs = 450,
  ) {}

  get state(): DriverState {
    return {
      playing: this.playing,
      speed: this.speed,
      time: this.coordinator.time,
      round: this.coordinator.round,
    };
  }

  onState(listener: (state: DriverState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    const state = this.state;
    for (const listener of this.listeners) listener(state);
  }

  play(): void {
    this.playing = true;
    this.poke();
  }

  pause(): void {
    this.playing = false;
    this.poke();
  }

  step(): void {
    this.stepsRequested++;
    this.poke();
  }

  setSpeed(speed: Speed): void {
    this.speed = speed;
    this.poke();
  }

  /** Input arrived from outside (the user applied something): look again now. */
  poke(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
    if (!this.running && !this.stopped) void this.loop();
    this.emit();
  }

  stop(): void {
    this.stopped = true;
    this.poke();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private waitForPoke(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }

  private async loop(): Promise<void> {
    this.running = true;
    try {
      while (!this.stopped) {
        const stepping = this.stepsRequested > 0;
        if (!this.playing && !stepping) {
          await this.waitForPoke();
          continue;
        }
        if (this.coordinator.hasWorkNow()) {
          await this.coordinator.runRound();
          if (stepping) this.stepsRequested--;
          this.emit();
          if (this.playing && !stepping && this.speed !== 'max')
            await this.sleep(this.hopMs / this.speed);
          continue;
        }
        const due = this.coordinator.nextTimerDue();
        if (stepping || this.speed === 'max') {
          if (due === null) {
            if (stepping) this.stepsRequested--;
            await this.waitForPoke();
            continue;
          }
          this.coordinator.advanceTo(Math.max(due, this.coordinator.time));
          this.emit();
          // Yield to the page so a long fast-forward stays responsive.
          if (!stepping) await this.sleep(0);
          continue;
        }
        await this.idle(due, this.speed);
      }
    } finally {
      this.running = false;
    }
  }

  /** Lets virtual time run with wall time until the next timer, or until something pokes us. */
  private async idle(due: number | null, speed: number): Promise<void> {
    const from = this.coordinator.time;
    const started = performance.now();
    const frameMs = 100;
    const untilDue = due === null ? frameMs : Math.max(0, (due - from) / speed);
    await this.sleep(Math.min(untilDue, frameMs));
    const elapsed = (performance.now() - started) * speed;
    const target = due === null ? from + elapsed : Math.min(due, from + elapsed);
    if (target > this.coordinator.time) this.coordinator.advanceTo(Math.floor(target));
    this.emit();
  }
}
