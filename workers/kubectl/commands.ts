// The commands this kubectl serves, in kubectl's order.

import type { Command } from './command.ts';
import { describeCommand } from './describe.ts';
import { getCommand } from './get.ts';

export const COMMANDS: Command[] = [getCommand, describeCommand];
