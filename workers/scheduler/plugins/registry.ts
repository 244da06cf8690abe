// The plugins the default profile runs, in the 1.32 default order (apis/config/v1/default_plugins.go)
// for the ones the playground has so far.

import type { Plugins } from '../framework.ts';
import { nodeName } from './node-name.ts';
import {
  nodeResourcesFitFilter,
  nodeResourcesFitPreFilter,
  nodeResourcesFitScore,
} from './node-resources-fit.ts';
import { nodeUnschedulable } from './node-unschedulable.ts';
import { taintTolerationFilter, taintTolerationScore } from './taint-toleration.ts';

export function defaultPlugins(): Plugins {
  return {
    preFilter: [nodeResourcesFitPreFilter],
    filter: [nodeUnschedulable, nodeName, taintTolerationFilter, nodeResourcesFitFilter],
    score: [taintTolerationScore, nodeResourcesFitScore],
  };
}
