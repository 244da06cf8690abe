import { describe, expect, it } from 'vitest';
import { readScenario } from './format.ts';
import { LESSONS } from './lessons.ts';
import { runStep } from './player.ts';
import { inProcessTarget } from './testing.ts';

/** What each lesson's steps must print, by step number (1-based), beyond succeeding. */
const EXPECTED: Record<string, Record<number, RegExp[]>> = {
  'create-a-pod': {
    2: [/^pod\/nginx condition met\n$/],
    4: [/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE/, /nginx\s+1\/1\s+Running\s+0/],
    5: [/Scheduled/, /Pulled/, /Started/],
  },
  'rolling-update': {
    2: [/deployment "web" successfully rolled out/],
    3: [/^deployment.apps\/web image updated\n$/],
    5: [/web-[a-z0-9]+\s+0\s+0\s+0/, /web-[a-z0-9]+\s+4\s+4\s+4/],
    6: [/^deployment.apps\/web rolled back\n$/],
  },
  'pending-pod': {
    3: [/FailedScheduling .*0\/3 nodes are available: 3 Insufficient cpu\./],
    6: [/^pod "greedy" deleted\n$/],
  },
  'crash-loop': {
    3: [/crasher\s+0\/1\s+(CrashLoopBackOff|Error)\s+[2-9]/],
    4: [/^starting up\ncannot reach the database\n$/],
    5: [/Last State:\s+Terminated/, /Exit Code:\s+1/, /BackOff/],
  },
  'node-failure': {
    5: [/node-2\s+NotReady/],
    7: [/Terminating\s+0\s+\S+\s+\S+\s+node-2/],
    10: [/web-\S+\s+1\/1\s+Running/],
  },
  'service-load-balancing': {
    6: [/^hostnames-[a-z0-9]+-[a-z0-9]{5}\n?$/],
  },
};

describe('the built-in lessons', () => {
  it.each(LESSONS.map((lesson) => [lesson.id, lesson] as const))(
    '%s is a valid scenario whose every step succeeds',
    async (_id, lesson) => {
      expect(readScenario(JSON.parse(JSON.stringify(lesson.scenario)))).toEqual(lesson.scenario);
      const { target } = await inProcessTarget(lesson.scenario);
      const expected = EXPECTED[lesson.id] ?? {};
      for (let index = 0; index < lesson.scenario.steps.length; index++) {
        const outcome = await runStep(lesson.scenario, index, target);
        expect({ step: index + 1, ok: outcome.ok, output: outcome.output }).toMatchObject({
          step: index + 1,
          ok: true,
        });
        for (const pattern of expected[index + 1] ?? []) expect(outcome.output).toMatch(pattern);
      }
    },
    120_000,
  );
});
