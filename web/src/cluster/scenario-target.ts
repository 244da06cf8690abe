// The tab's cluster as a scenario plays it (scenarios/player.ts): kubectl as the UI's kubectl
// component, waiting as fast as the cluster runs, node faults as messages, so the main app and
// the embed widget play steps the same way.

import type { ScenarioTarget } from '../scenarios/player.ts';
import type { BrowserCluster } from './browser-host.ts';

export function browserTarget(started: BrowserCluster): ScenarioTarget {
  return {
    kubectl: (args, files, write) =>
      started.runKubectl(args, { stdout: write, stderr: write, files }),
    advance: (seconds) =>
      new Promise((resolve) => {
        const { driver: clock } = started;
        const until = clock.state.time + seconds * 1000;
        const speed = clock.state.speed;
        // Minutes of waiting pass as fast as the cluster can run them.
        clock.setSpeed('max');
        const stop = clock.onState((state) => {
          if (state.time < until) return;
          stop();
          clock.setSpeed(speed);
          resolve();
        });
        clock.play();
      }),
    fault: (node, fault) => started.setHeartbeat(node, fault === 'start-kubelet'),
  };
}
