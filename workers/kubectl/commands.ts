// The commands this kubectl serves, in kubectl's order.

import {
  apiResourcesCommand,
  apiVersionsCommand,
  authCommand,
  clusterInfoCommand,
  eventsCommand,
  versionCommand,
} from './cluster-commands.ts';
import type { Command } from './command.ts';
import { configCommand } from './config.ts';
import { createCommand } from './create.ts';
import { describeCommand } from './describe.ts';
import { drainCommand } from './drain.ts';
import { explainCommand } from './explain.ts';
import { getCommand } from './get.ts';
import { annotateCommand, labelCommand } from './metadata-commands.ts';
import { applyCommand, deleteCommand } from './mutate.ts';
import { logsCommand } from './logs.ts';
import { execCommand } from './pod-streams.ts';
import { rolloutCommand } from './rollout.ts';
import { topCommand } from './top.ts';
import { exposeCommand, runCommand } from './run-expose.ts';
import { waitCommand } from './wait-command.ts';
import { cordon, patchCommand, scaleCommand, setCommand, uncordon } from './workload-commands.ts';

export const COMMANDS: Command[] = [
  createCommand,
  exposeCommand,
  runCommand,
  setCommand,
  explainCommand,
  getCommand,
  deleteCommand,
  rolloutCommand,
  scaleCommand,
  cordon,
  uncordon,
  drainCommand,
  describeCommand,
  logsCommand,
  execCommand,
  applyCommand,
  patchCommand,
  labelCommand,
  annotateCommand,
  waitCommand,
  authCommand,
  eventsCommand,
  apiVersionsCommand,
  apiResourcesCommand,
  versionCommand,
  clusterInfoCommand,
  configCommand,
  topCommand,
];
