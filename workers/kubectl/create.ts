// `kubectl create` (kubectl pkg/cmd/create): from files (-f), or one of the generators:
// deployment, service clusterip|nodeport|loadbalancer, namespace, configmap, secret generic,
// job, cronjob; each builds the object kubectl builds and reports `kind/name created`.

import { encodeBase64 } from './base64.ts';
import type { KubeObject } from '../client/protocol.ts';
import {
  CommandError,
  DRY_RUN_FLAG,
  FILENAME_FLAGS,
  OUTPUT_FLAG,
  type Command,
  type CommandContext,
} from './command.ts';
import { createFromFiles } from './mutate.ts';
import { displayName, statusText } from './resources.ts';

const CREATE_OPTIONS = { fieldManager: 'kubectl-create', fieldValidation: 'Strict' } as const;

function exactlyOneName(context: CommandContext, args: readonly string[]): string {
  const [name] = args;
  if (args.length !== 1 || !name)
    throw new CommandError(
      `error: exactly one NAME is required, got ${args.length}\nSee 'kubectl ${context.path} -h' for help and examples`,
    );
  return name;
}

function requireFlag(context: CommandContext, flag: string): string {
  const value = context.flags.string(flag);
  if (!value) throw new CommandError(`error: required flag(s) "${flag}" not set`);
  return value;
}

async function post(
  context: CommandContext,
  type: { group: string; version: string; resource: string; kind: string },
  object: KubeObject,
  wrap: string | null,
): Promise<number> {
  const namespaced = type.resource !== 'namespaces';
  try {
    await context.client
      .resource<KubeObject>(type, namespaced ? context.namespace : undefined)
      .create(object, CREATE_OPTIONS);
  } catch (error) {
    if (wrap === null) throw error;
    throw new CommandError(
      `error: ${wrap}${statusText(error, '').replace(/^Error from server \([A-Za-z]+\): /, '')}`,
    );
  }
  context.io.stdout(`${displayName(type, object.metadata?.name ?? '')} created\n`);
  return 0;
}

/** The container name kubectl derives from an image: `registry/app:1.0` → `app`. */
export function containerNameFor(image: string): string {
  let name = image.split('/').at(-1) ?? image;
  name = name.split(':')[0] ?? name;
  name = name.split('@')[0] ?? name;
  return name.replace(/_/g, '-');
}

const createDeployment: Command = {
  name: 'deployment',
  aliases: ['deploy'],
  flags: [
    { name: 'image', kind: 'stringSlice' },
    { name: 'replicas', short: 'r', kind: 'int' },
    { name: 'port', kind: 'int' },
    OUTPUT_FLAG,
    DRY_RUN_FLAG,
  ],
  async run(context, args) {
    const name = exactlyOneName(context, args);
    const images = context.flags.strings('image');
    if (images.length === 0) throw new CommandError('error: required flag(s) "image" not set');
    const port = context.flags.int('port', -1);
    const labels = { app: name };
    const containers = images.map((image) => ({
      name: containerNameFor(image),
      image,
      ...(context.dashArgs ? { command: context.dashArgs } : {}),
      ...(port >= 0 ? { ports: [{ containerPort: port }] } : {}),
    }));
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, labels },
      spec: {
        replicas: context.flags.int('replicas', 1),
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: { containers } },
      },
    };
    return post(
      context,
      { group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment' },
      deployment,
      'failed to create deployment: ',
    );
  },
};

function serviceCommand(type: 'ClusterIP' | 'NodePort' | 'LoadBalancer'): Command {
  return {
    name: type.toLowerCase(),
    flags: [
      { name: 'tcp', kind: 'stringSlice' },
      { name: 'clusterip', kind: 'string' },
      { name: 'node-port', kind: 'int' },
      OUTPUT_FLAG,
      DRY_RUN_FLAG,
    ],
    async run(context, args) {
      const name = exactlyOneName(context, args);
      const tcp = context.flags.strings('tcp');
      if (tcp.length === 0 && context.flags.string('clusterip') !== 'None')
        throw new CommandError('error: at least one tcp port specifier must be provided');
      const nodePort = context.flags.int('node-port', 0);
      const ports = tcp.map((spec) => {
        const [port = '', target = port] = spec.split(':');
        return {
          name: `${port}-${target}`,
          protocol: 'TCP',
          port: Number(port),
          targetPort: /^\d+$/.test(target) ? Number(target) : target,
          ...(nodePort > 0 ? { nodePort } : {}),
        };
      });
      const clusterIP = context.flags.string('clusterip');
      const service = {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name, labels: { app: name } },
        spec: { type, ports, selector: { app: name }, ...(clusterIP ? { clusterIP } : {}) },
      };
      return post(
        context,
        { group: '', version: 'v1', resource: 'services', kind: 'Service' },
        service,
        `failed to create ${type} service: `,
      );
    },
  };
}

const createService: Command = {
  name: 'service',
  aliases: ['svc'],
  flags: [],
  subcommands: [
    serviceCommand('ClusterIP'),
    serviceCommand('NodePort'),
    serviceCommand('LoadBalancer'),
  ],
};

const createNamespace: Command = {
  name: 'namespace',
  aliases: ['ns'],
  flags: [OUTPUT_FLAG, DRY_RUN_FLAG],
  async run(context, args) {
    const name = exactlyOneName(context, args);
    return post(
      context,
      { group: '', version: 'v1', resource: 'namespaces', kind: 'Namespace' },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
      null,
    );
  },
};

/** --from-literal and --from-file entries, as kubectl reads them. */
function dataFrom(context: CommandContext): Record<string, string> {
  const data: Record<string, string> = {};
  for (const literal of context.flags.strings('from-literal')) {
    const equals = literal.indexOf('=');
    if (equals <= 0)
      throw new CommandError(`error: invalid literal source ${literal}, expected key=value`);
    data[literal.slice(0, equals)] = literal.slice(equals + 1);
  }
  for (const source of context.flags.strings('from-file')) {
    const equals = source.indexOf('=');
    const key = equals === -1 ? (source.split('/').at(-1) ?? source) : source.slice(0, equals);
    const file = equals === -1 ? source : source.slice(equals + 1);
    const text = context.io.files?.get(file);
    if (text === undefined)
      throw new CommandError(`error: error reading ${file}: no such file or directory`);
    data[key] = text;
  }
  return data;
}

const DATA_FLAGS = [
  { name: 'from-literal', kind: 'stringArray' },
  { name: 'from-file', kind: 'stringSlice' },
  { name: 'from-env-file', kind: 'stringSlice' },
  OUTPUT_FLAG,
  DRY_RUN_FLAG,
] as const;

const createConfigMap: Command = {
  name: 'configmap',
  aliases: ['cm'],
  flags: [...DATA_FLAGS, { name: 'append-hash', kind: 'bool' }],
  async run(context, args) {
    const name = exactlyOneName(context, args);
    const data = dataFrom(context);
    const configMap = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name },
      ...(Object.keys(data).length > 0 ? { data } : {}),
    };
    return post(
      context,
      { group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap' },
      configMap,
      'failed to create configmap: ',
    );
  },
};

const createSecretGeneric: Command = {
  name: 'generic',
  flags: [...DATA_FLAGS, { name: 'type', kind: 'string' }, { name: 'append-hash', kind: 'bool' }],
  async run(context, args) {
    const name = exactlyOneName(context, args);
    const data = Object.fromEntries(
      Object.entries(dataFrom(context)).map(([key, value]) => [key, encodeBase64(value)]),
    );
    const type = context.flags.string('type');
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name },
      ...(type ? { type } : {}),
      ...(Object.keys(data).length > 0 ? { data } : {}),
    };
    return post(
      context,
      { group: '', version: 'v1', resource: 'secrets', kind: 'Secret' },
      secret,
      'failed to create secret ',
    );
  },
};

const createSecret: Command = { name: 'secret', flags: [], subcommands: [createSecretGeneric] };

function podSpecFor(
  context: CommandContext,
  name: string,
  image: string,
  restartPolicy: string,
): Record<string, unknown> {
  return {
    containers: [{ name, image, ...(context.dashArgs ? { command: context.dashArgs } : {}) }],
    restartPolicy,
  };
}

const createJob: Command = {
  name: 'job',
  flags: [
    { name: 'image', kind: 'string' },
    { name: 'from', kind: 'string' },
    OUTPUT_FLAG,
    DRY_RUN_FLAG,
  ],
  async run(context, args) {
    const name = exactlyOneName(context, args);
    const image = requireFlag(context, 'image');
    const job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name },
      spec: { template: { spec: podSpecFor(context, name, image, 'Never') } },
    };
    return post(
      context,
      { group: 'batch', version: 'v1', resource: 'jobs', kind: 'Job' },
      job,
      'failed to create job: ',
    );
  },
};

const createCronJob: Command = {
  name: 'cronjob',
  aliases: ['cj'],
  flags: [
    { name: 'image', kind: 'string' },
    { name: 'schedule', kind: 'string' },
    { name: 'restart', kind: 'string' },
    OUTPUT_FLAG,
    DRY_RUN_FLAG,
  ],
  async run(context, args) {
    const name = exactlyOneName(context, args);
    const image = requireFlag(context, 'image');
    const schedule = requireFlag(context, 'schedule');
    const restart = context.flags.string('restart') || 'OnFailure';
    const cronJob = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name },
      spec: {
        schedule,
        jobTemplate: {
          metadata: { name },
          spec: { template: { spec: podSpecFor(context, name, image, restart) } },
        },
      },
    };
    return post(
      context,
      { group: 'batch', version: 'v1', resource: 'cronjobs', kind: 'CronJob' },
      cronJob,
      'failed to create cronjob: ',
    );
  },
};

export const createCommand: Command = {
  name: 'create',
  flags: [
    ...FILENAME_FLAGS,
    OUTPUT_FLAG,
    DRY_RUN_FLAG,
    { name: 'save-config', kind: 'bool' },
    { name: 'edit', kind: 'bool' },
    { name: 'validate', kind: 'string', noValue: 'strict' },
  ],
  subcommands: [
    createDeployment,
    createService,
    createNamespace,
    createConfigMap,
    createSecret,
    createJob,
    createCronJob,
  ],
  async run(context, args) {
    if (args.length > 0)
      throw new CommandError(
        `error: Unexpected args: [${args.join(' ')}]\nSee 'kubectl create -h' for help and examples`,
      );
    if (context.flags.strings('filename').length === 0)
      throw new CommandError('error: must specify one of -f and -k');
    return createFromFiles(context);
  },
};
