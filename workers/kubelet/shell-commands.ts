// The commands a container can run by name: busybox's applets everywhere the simulation runs a
// shell, and the network programs only in images that ship them (images.ts `tools`), as a
// missing binary is `not found` to the shell and to runc.

import { curl } from './programs-curl.ts';
import { nslookupProgram } from './programs-nslookup.ts';
import { wget } from './programs-wget.ts';
import { builtinNamed, type Builtin } from './shell-builtins.ts';

const NETWORK_PROGRAMS: Readonly<Record<string, Builtin>> = {
  curl,
  nslookup: nslookupProgram,
  wget,
};

/** The command `name` in a container whose image ships `tools`. */
export function commandNamed(name: string, tools: readonly string[] = []): Builtin | undefined {
  const builtin = builtinNamed(name);
  if (builtin) return builtin;
  return tools.includes(name) && Object.hasOwn(NETWORK_PROGRAMS, name)
    ? NETWORK_PROGRAMS[name]
    : undefined;
}
