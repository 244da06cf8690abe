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
  /** When set, idle virtual time is tied to the wall clock from this point on. */
  private anchor: { virtual: number; wall: number } | null = null;

  constructor(
    private readonly coordinator: Coordinator,
    /** Wall time a round with hops stays on screen at speed 1; 0 runs rounds back to back. */
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
    if (this.anchor && speed !== this.speed) this.anchor = this.wallAnchor(this.coordinator.time);
    this.speed = speed;
    this.poke();
  }

  /**
   * Ties idle virtual time to the wall clock: `virtual` now, then `speed` virtual ms per wall ms.
   * Where the cluster got ahead (a fast-forwarded boot), idle time waits for the wall clock, so
   * timestamps agree with the clocks of clients outside (real kubectl reckons ages by its own).
   */
  followWallClock(virtual: number): void {
    this.anchor = this.wallAnchor(virtual);
    this.poke();
  }

  private wallAnchor(virtual: number): { virtual: number; wall: number } {
    return { virtual, wall: performance.now() };
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
          if (this.playing && !stepping && this.speed !== 'max' && this.hopMs > 0)
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
    const anchor = this.anchor;
    const wallNow = (wall: number): number =>
      anchor ? anchor.virtual + (wall - anchor.wall) * speed : from + (wall - started) * speed;
    const untilDue = due === null ? frameMs : Math.max(0, (due - wallNow(started)) / speed);
    await this.sleep(Math.min(untilDue, frameMs));
    const reached = wallNow(performance.now());
    const target = due === null ? reached : Math.min(due, reached);
    if (target > this.coordinator.time) this.coordinator.advanceTo(Math.floor(target));
    this.emit();
  }
}
