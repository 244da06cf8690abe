// `kubectl apply -f`, `kubectl create -f` and `kubectl delete` (kubectl pkg/cmd/apply,
// pkg/cmd/create/create.go, pkg/cmd/delete/delete.go): objects from the editor's files or from
// arguments; per-object result lines on stdout, errors after them on stderr.

import type { KubeObject } from '../client/protocol.ts';
import type { DeleteOptions } from '../client/client.ts';
import { applyObjects } from './apply.ts';
import {
  CommandError,
  DRY_RUN_FLAG,
  FILENAME_FLAGS,
  OUTPUT_FLAG,
  SELECTOR_FLAG,
  type Command,
  type CommandContext,
} from './command.ts';
import {
  argumentTargets,
  displayName,
  fileTargets,
  readManifests,
  statusText,
  type Target,
} from './resources.ts';
import { waitForDeletion } from './wait.ts';

async function apply(context: CommandContext, args: string[]): Promise<number> {
  if (args.length > 0)
    throw new CommandError(
      `error: Unexpected args: [${args.join(' ')}]\nSee 'kubectl apply -h' for help and examples`,
    );
  if (context.flags.strings('filename').length === 0)
    throw new CommandError('error: must specify one of -f and -k');
  let failed = false;
  const errors: string[] = [];
  for (const { source, objects } of readManifests(context)) {
    const lines = await applyObjects(objects, {
      client: context.client,
      discovery: context.discovery,
      namespace: context.namespace,
      source,
    });
    for (const line of lines) {
      if (line.ok) context.io.stdout(`${line.text}\n`);
      else errors.push(line.text);
      failed ||= !line.ok;
    }
  }
  for (const error of errors) context.io.stderr(`${error}\n`);
  return failed ? 1 : 0;
}

export const applyCommand: Command = {
  name: 'apply',
  flags: [
    ...FILENAME_FLAGS,
    OUTPUT_FLAG,
    SELECTOR_FLAG,
    DRY_RUN_FLAG,
    { name: 'server-side', kind: 'bool' },
    { name: 'force-conflicts', kind: 'bool' },
    { name: 'field-manager', kind: 'string' },
    { name: 'validate', kind: 'string', noValue: 'strict' },
    { name: 'prune', kind: 'bool' },
    { name: 'all', kind: 'bool' },
    { name: 'overwrite', kind: 'bool' },
    { name: 'wait', kind: 'bool' },
  ],
  run: apply,
};

/** `create -f`: POST each object of the files. */
export async function createFromFiles(context: CommandContext): Promise<number> {
  const errors: string[] = [];
  for (const target of await fileTargets(context)) {
    const object = target.object as KubeObject;
    try {
      await context.client.resource<KubeObject>(target.type, target.namespace).create(
        {
          ...object,
          metadata: {
            ...object.metadata,
            ...(target.namespace ? { namespace: target.namespace } : {}),
          },
        },
        { fieldManager: 'kubectl-create', fieldValidation: 'Strict' },
      );
      context.io.stdout(`${displayName(target.type, target.name)} created\n`);
    } catch (error) {
      errors.push(statusText(error, `error when creating "${target.source ?? ''}": `));
    }
  }
  for (const error of errors) context.io.stderr(`${error}\n`);
  return errors.length > 0 ? 1 : 0;
}

function deleteOptions(context: CommandContext): { options: DeleteOptions; force: boolean } {
  const { flags } = context;
  let grace = flags.int('grace-period', -1);
  const force = flags.bool('force');
  if (flags.bool('now')) {
    if (grace !== -1)
      throw new CommandError('error: --now and --grace-period cannot be specified together');
    grace = 1;
  }
  if (grace === 0 && !force) grace = 1;
  if (force && grace < 0) grace = 0;
  if (grace > 0 && force)
    throw new CommandError(
      'error: --force and --grace-period greater than 0 cannot be specified together',
    );
  const cascade = flags.string('cascade', 'background');
  const policy =
    cascade === 'orphan' ? 'Orphan' : cascade === 'foreground' ? 'Foreground' : 'Background';
  return {
    options: { ...(grace >= 0 ? { gracePeriodSeconds: grace } : {}), propagationPolicy: policy },
    force: force && grace === 0,
  };
}

async function runDelete(context: CommandContext, args: string[]): Promise<number> {
  const { flags, io } = context;
  const output = flags.string('output');
  if (output !== '' && output !== 'name')
    throw new CommandError(
      `error: unexpected -o output mode: ${output}. We only support '-o name'`,
    );
  if (flags.bool('all') && flags.string('selector'))
    throw new CommandError('error: cannot set --all and --selector at the same time');
  const { options, force } = deleteOptions(context);
  const fromFiles = flags.strings('filename').length > 0;
  if (!fromFiles && args.length === 0)
    throw new CommandError(
      "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
    );
  const selecting =
    flags.bool('all') || flags.string('selector') !== '' || flags.string('field-selector') !== '';
  if (!fromFiles && args.length === 1 && !args[0]?.includes('/') && !selecting)
    throw new CommandError('error: resource(s) were provided, but no name was specified');
  if (force)
    io.stderr(
      'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n',
    );
  const targets: Target[] = fromFiles
    ? await fileTargets(context)
    : await argumentTargets(context, args, { allNamespaces: flags.bool('all-namespaces') });
  const ignoreNotFound = flags.has('ignore-not-found') ? flags.bool('ignore-not-found') : selecting;
  const errors: string[] = [];
  const deleted: { target: Target; uid: string | undefined }[] = [];
  for (const target of targets) {
    try {
      const response = await context.client
        .resource<KubeObject>(target.type, target.namespace)
        .delete(target.name, options);
      const status = response as KubeObject & { details?: { uid?: string } };
      deleted.push({
        target,
        uid: status.kind === 'Status' ? status.details?.uid : response.metadata?.uid,
      });
      const kind = displayName(target.type, target.name).replace(/\/.*$/, '');
      io.stdout(
        output === 'name'
          ? `${kind}/${target.name}\n`
          : `${kind} "${target.name}" ${force ? 'force deleted' : 'deleted'}\n`,
      );
    } catch (error) {
      const text = statusText(error, '');
      if (ignoreNotFound && text.startsWith('Error from server (NotFound)')) continue;
      errors.push(text);
    }
  }
  if (deleted.length === 0 && errors.length === 0) io.stdout('No resources found\n');
  if (flags.bool('wait', true))
    for (const { target, uid } of deleted)
      await waitForDeletion(context.client, target, uid, io.signal);
  for (const error of errors) io.stderr(`${error}\n`);
  return errors.length > 0 ? 1 : 0;
}

export const deleteCommand: Command = {
  name: 'delete',
  flags: [
    ...FILENAME_FLAGS,
    SELECTOR_FLAG,
    OUTPUT_FLAG,
    DRY_RUN_FLAG,
    { name: 'all', kind: 'bool' },
    { name: 'all-namespaces', short: 'A', kind: 'bool' },
    { name: 'field-selector', kind: 'string' },
    { name: 'force', kind: 'bool' },
    { name: 'grace-period', kind: 'int' },
    { name: 'now', kind: 'bool' },
    { name: 'wait', kind: 'bool' },
    { name: 'timeout', kind: 'string' },
    { name: 'cascade', kind: 'string', noValue: 'background' },
    { name: 'ignore-not-found', kind: 'bool' },
    { name: 'interactive', short: 'i', kind: 'bool' },
  ],
  run: runDelete,
};
