// Which program a container runs: its argv as Kubernetes builds it from the image (command
// replaces ENTRYPOINT, args replace CMD), then by the program's name: `sh -c` scripts and busybox
// applets run in the simulated shell, the catalog's servers print their startup, anything else
// runs silently until stopped.

import type { ContainerConfig } from './cri.ts';
import {
  AgnhostGrpcHealth,
  AgnhostLiveness,
  Httpd,
  Nginx,
  PhpApache,
  Postgres,
  Redis,
  Silent,
} from './image-programs.ts';
import { findImage } from './images.ts';
import type { Program, ProcessEnvironment } from './process.ts';
import { Shell } from './shell.ts';
import { commandNamed } from './shell-commands.ts';

const SHELLS = new Set(['sh', 'ash', 'bash']);

/** The process's argv (kuberuntime's container command: command + args, or the image's). */
export function containerArgv(config: ContainerConfig): string[] {
  const image = findImage(config.image);
  const entrypoint = config.command ?? image?.entrypoint ?? [];
  const args = config.args ?? (config.command ? [] : (image?.cmd ?? []));
  return [...entrypoint, ...args];
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** POSIX single quoting, so an argv can run as a one-command script. */
function quote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

export function programFor(config: ContainerConfig, environment: ProcessEnvironment): Program {
  const argv = containerArgv(config);
  const silent = new Silent(findImage(config.image)?.ports.length ? 0 : 143);
  const [first = '', ...rest] = argv;
  const name = basename(first);
  if (SHELLS.has(name)) {
    // A shell without -c reads its script from stdin, which a container does not have.
    if (rest[0] !== '-c') return Shell.of('', environment) ?? silent;
    return Shell.of(rest[1] ?? '', environment, rest[2] ?? first, rest.slice(3)) ?? silent;
  }
  if (commandNamed(name, environment.tools))
    return Shell.of(argv.map(quote).join(' '), environment) ?? silent;
  return serverProgram(name, rest, environment) ?? silent;
}

/**
 * What ExecSync runs for `command` (exec probes, exec hooks): a shell or an applet, or, for a
 * program the image does not have, the runtime's error (runc's words, as containerd passes them on).
 */
export function execProgramFor(
  command: string[],
  environment: ProcessEnvironment,
): Program | string {
  const [first = '', ...rest] = command;
  const name = basename(first);
  const notFound = `OCI runtime exec failed: exec failed: unable to start container process: exec: ${JSON.stringify(first)}: executable file not found in $PATH: unknown`;
  if (SHELLS.has(name)) {
    if (rest[0] !== '-c') return Shell.of('', environment) ?? notFound;
    return Shell.of(rest[1] ?? '', environment, rest[2] ?? first, rest.slice(3)) ?? notFound;
  }
  if (commandNamed(name, environment.tools))
    return Shell.of(command.map(quote).join(' '), environment) ?? notFound;
  return notFound;
}

function serverProgram(
  name: string,
  args: string[],
  environment: ProcessEnvironment,
): Program | null {
  switch (name) {
    case 'docker-entrypoint.sh':
      // nginx's entrypoint logs its configuration; redis's and postgres's run theirs quietly.
      if (args[0] === 'nginx' || args[0] === 'nginx-debug') return new Nginx(environment, true);
      return serverProgram(basename(args[0] ?? ''), args.slice(1), environment);
    case 'nginx':
    case 'nginx-debug':
      return new Nginx(environment, false);
    case 'redis-server':
      return new Redis();
    case 'httpd-foreground':
      return new Httpd(environment);
    case 'docker-php-entrypoint':
      return serverProgram(basename(args[0] ?? ''), args.slice(1), environment);
    case 'apache2-foreground':
      return new PhpApache(environment);
    case 'postgres':
      return new Postgres(environment);
    case 'agnhost':
      if (args[0] === 'liveness') return new AgnhostLiveness();
      return args[0] === 'grpc-health-checking' ? new AgnhostGrpcHealth(args.slice(1)) : null;
    default:
      return null;
  }
}
