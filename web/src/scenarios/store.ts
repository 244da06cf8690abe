// The scenario this tab plays, if any: opened from a link or the lessons menu, how far it got,
// and what each step printed. A link that could not be read leaves its message here instead.

import { create } from 'zustand';
import type { Scenario } from './format.ts';
import type { StepOutcome } from './player.ts';

interface ScenarioState {
  scenario: Scenario | null;
  /** Why the link in the URL was refused; the tab then runs a fresh cluster. */
  linkError: string | null;
  /** The index of the next step to run. */
  next: number;
  running: boolean;
  outcomes: StepOutcome[];
  load: (scenario: Scenario) => void;
  refuse: (error: string) => void;
  dismissError: () => void;
  started: () => void;
  finished: (outcome: StepOutcome) => void;
}

export const useScenario = create<ScenarioState>((set) => ({
  scenario: null,
  linkError: null,
  next: 0,
  running: false,
  outcomes: [],
  load: (scenario) => {
    set({ scenario, linkError: null, next: 0, running: false, outcomes: [] });
  },
  refuse: (linkError) => {
    set({ linkError });
  },
  dismissError: () => {
    set({ linkError: null });
  },
  started: () => {
    set({ running: true });
  },
  finished: (outcome) => {
    set((state) => ({
      running: false,
      next: outcome.index + 1,
      outcomes: [...state.outcomes, outcome],
    }));
  },
}));
