// `kubectl rollout status|history|undo|restart|pause|resume` for Deployments (kubectl
// pkg/cmd/rollout and pkg/polymorphichelpers: rollout_status.go, history.go, rollback.go,
// objectpauser.go, objectrestarter.go). Status watches the Deployment until it is rolled out
// or the abort signal ends it.

import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import { formatTime } from '../api/time.ts';
import type { KubeObject } from '../client/protocol.ts';
import {
  CommandError,
  FILENAME_FLAGS,
  OUTPUT_FLAG,
  SELECTOR_FLAG,
  DRY_RUN_FLAG,
  type Command,
  type CommandContext,
} from './command.ts';
import { revisionOf, templateWithoutHash } from './deployment-util.ts';
import {
  argumentTargets,
  displayName,
  resourceName,
  statusText,
  type Target,
} from './resources.ts';
import { alignColumns } from './tabwriter.ts';
import { describePodTemplate } from './describe/common.ts';
import { PrefixWriter } from './describe/prefix-writer.ts';
import { watchObject } from './watch-object.ts';

const DEPLOYMENTS = { group: 'apps', version: 'v1', resource: 'deployments' } as const;
const ANNOTATIONS_TO_SKIP = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  'deployment.kubernetes.io/revision',
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
]);

async function deploymentTargets(context: CommandContext, args: string[]): Promise<Target[]> {
  if (args.length === 0)
    throw new CommandError(
      `error: required resource not specified\nSee 'kubectl ${context.path} -h' for help and examples`,
    );
  const targets = await argumentTargets(context, args);
  for (const target of targets)
    if (target.type.kind !== 'Deployment')
      throw new CommandError(
        `error: no ${context.path.replace('rollout ', '') === 'history' ? 'history viewer' : 'rollbacker'} has been implemented for "${target.type.kind}"`,
      );
  return targets;
}

async function ownedReplicaSets(
  context: CommandContext,
  deployment: Deployment,
): Promise<ReplicaSet[]> {
  const list = await context.client
    .resource<ReplicaSet>(
      { group: 'apps', version: 'v1', resource: 'replicasets' },
      deployment.metadata?.namespace,
    )
    .list();
  return list.items.filter((rs) =>
    rs.metadata?.ownerReferences?.some(
      (owner) => owner.controller && owner.uid === deployment.metadata?.uid,
    ),
  );
}

/** DeploymentStatusViewer.Status. */
function rolloutStatus(deployment: Deployment): { message: string; done: boolean } {
  const name = deployment.metadata?.name ?? '';
  const status = deployment.status ?? {};
  if ((deployment.metadata?.generation ?? 0) > (status.observedGeneration ?? 0))
    return { message: 'Waiting for deployment spec update to be observed...\n', done: false };
  const progressing = status.conditions?.find((condition) => condition.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded')
    throw new CommandError(
      `error: deployment ${JSON.stringify(name)} exceeded its progress deadline`,
    );
  const replicas = deployment.spec?.replicas ?? 1;
  const updated = status.updatedReplicas ?? 0;
  if (updated < replicas)
    return {
      message: `Waiting for deployment ${JSON.stringify(name)} rollout to finish: ${updated} out of ${replicas} new replicas have been updated...\n`,
      done: false,
    };
  if ((status.replicas ?? 0) > updated)
    return {
      message: `Waiting for deployment ${JSON.stringify(name)} rollout to finish: ${(status.replicas ?? 0) - updated} old replicas are pending termination...\n`,
      done: false,
    };
  if ((status.availableReplicas ?? 0) < updated)
    return {
      message: `Waiting for deployment ${JSON.stringify(name)} rollout to finish: ${status.availableReplicas ?? 0} of ${updated} updated replicas are available...\n`,
      done: false,
    };
  return { message: `deployment ${JSON.stringify(name)} successfully rolled out\n`, done: true };
}

async function status(context: CommandContext, target: Target): Promise<void> {
  const client = context.client.resource<Deployment>(DEPLOYMENTS, target.namespace);
  const first = await client.get(target.name);
  const report = (deployment: Deployment): boolean => {
    const { message, done } = rolloutStatus(deployment);
    context.io.stdout(message);
    return done;
  };
  if (report(first) || !context.flags.bool('watch', true)) return;
  await watchObject(
    context.client,
    { ...target, type: DEPLOYMENTS },
    first.metadata?.resourceVersion,
    {
      onEvent: (event) =>
        (event.type === 'ADDED' || event.type === 'MODIFIED') && report(event.object as Deployment),
      signal: context.io.signal,
    },
  );
}

async function history(context: CommandContext, target: Target): Promise<void> {
  const deployment = await context.client
    .resource<Deployment>(DEPLOYMENTS, target.namespace)
    .get(target.name);
  const byRevision = new Map<number, ReplicaSet>();
  for (const rs of await ownedReplicaSets(context, deployment)) byRevision.set(revisionOf(rs), rs);
  const revision = context.flags.int('revision', 0);
  let text: string;
  if (byRevision.size === 0) text = 'No rollout history found.';
  else if (revision > 0) {
    if (!byRevision.has(revision))
      throw new CommandError('error: unable to find the specified revision');
    const writer = new PrefixWriter(false);
    describePodTemplate(byRevision.get(revision)?.spec?.template, writer);
    context.io.stdout(
      `${displayName(target.type, target.name)} with revision #${revision}\n${writer.text()}\n`,
    );
    return;
  } else {
    const rows = [...byRevision.keys()]
      .sort((a, b) => a - b)
      .map(
        (r) =>
          `${r}\t${byRevision.get(r)?.metadata?.annotations?.['kubernetes.io/change-cause'] || '<none>'}\n`,
      );
    text = alignColumns(`REVISION\tCHANGE-CAUSE\n${rows.join('')}`, {
      minWidth: 0,
      padding: 2,
      rememberWidths: false,
    });
  }
  context.io.stdout(`${displayName(target.type, target.name)} \n${text}\n`);
}

async function undo(context: CommandContext, target: Target): Promise<string> {
  const client = context.client.resource<Deployment>(DEPLOYMENTS, target.namespace);
  const deployment = await client.get(target.name);
  const sets = await ownedReplicaSets(context, deployment);
  let toRevision = context.flags.int('to-revision', 0);
  let chosen: ReplicaSet | undefined;
  if (toRevision > 0) {
    chosen = sets.find((rs) => revisionOf(rs) === toRevision);
    if (!chosen)
      throw new CommandError(`error: unable to find specified revision ${toRevision} in history`);
  } else {
    const revisions = sets.map(revisionOf).sort((a, b) => b - a);
    const previous = revisions[1];
    if (previous === undefined)
      throw new CommandError(
        'error: no rollout history found for deployment ' + JSON.stringify(target.name),
      );
    toRevision = previous;
    chosen = sets.find((rs) => revisionOf(rs) === previous);
  }
  if (deployment.spec?.paused)
    throw new CommandError(
      "error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again",
    );
  if (
    templateWithoutHash(chosen?.spec?.template) === templateWithoutHash(deployment.spec?.template)
  )
    return `${displayName(target.type, target.name)} skipped rollback (current template already matches revision ${toRevision})`;
  const template = JSON.parse(JSON.stringify(chosen?.spec?.template ?? {})) as {
    metadata?: { labels?: Record<string, string> };
  };
  delete template.metadata?.labels?.['pod-template-hash'];
  const annotations: Record<string, string> = {};
  for (const [key, value] of Object.entries(deployment.metadata?.annotations ?? {}))
    if (ANNOTATIONS_TO_SKIP.has(key)) annotations[key] = value;
  for (const [key, value] of Object.entries(chosen?.metadata?.annotations ?? {}))
    if (!ANNOTATIONS_TO_SKIP.has(key)) annotations[key] = value;
  await client.patch(target.name, 'json', [
    { op: 'replace', path: '/spec/template', value: template },
    { op: 'replace', path: '/metadata/annotations', value: annotations },
  ]);
  return `${displayName(target.type, target.name)} rolled back`;
}

function perTarget(
  name: string,
  action: (context: CommandContext, target: Target) => Promise<string | null>,
): Command {
  return {
    name,
    flags: [
      ...FILENAME_FLAGS,
      SELECTOR_FLAG,
      OUTPUT_FLAG,
      DRY_RUN_FLAG,
      { name: 'watch', short: 'w', kind: 'bool' },
      { name: 'revision', kind: 'int' },
      { name: 'to-revision', kind: 'int' },
      { name: 'timeout', kind: 'string' },
      { name: 'field-manager', kind: 'string' },
    ],
    async run(context, args) {
      const errors: string[] = [];
      for (const target of await deploymentTargets(context, args)) {
        try {
          const line = await action(context, target);
          if (line !== null) context.io.stdout(`${line}\n`);
        } catch (error) {
          errors.push(error instanceof CommandError ? error.text : statusText(error, ''));
        }
      }
      for (const error of errors) context.io.stderr(`${error}\n`);
      return errors.length > 0 ? 1 : 0;
    },
  };
}

async function setPaused(
  context: CommandContext,
  target: Target,
  paused: boolean,
): Promise<string> {
  const client = context.client.resource<KubeObject>(DEPLOYMENTS, target.namespace);
  const live = (await client.get(target.name)) as Deployment;
  const verb = paused ? 'paused' : 'resumed';
  if ((live.spec?.paused === true) === paused)
    throw new CommandError(
      `error: ${resourceName(target.type)} ${JSON.stringify(target.name)} ${paused ? 'is already paused' : 'is not paused'}`,
    );
  await client.patch(
    target.name,
    'strategic',
    { spec: { paused: paused ? true : null } },
    { fieldManager: 'kubectl-rollout' },
  );
  return `${displayName(target.type, target.name)} ${verb}`;
}

export const rolloutCommand: Command = {
  name: 'rollout',
  flags: [],
  subcommands: [
    perTarget('status', async (context, target) => {
      await status(context, target);
      return null;
    }),
    perTarget('history', async (context, target) => {
      await history(context, target);
      return null;
    }),
    perTarget('undo', undo),
    perTarget('restart', async (context, target) => {
      const restartedAt = formatTime(context.now()).replace(/\.\d+Z$/, 'Z');
      await context.client.resource<KubeObject>(DEPLOYMENTS, target.namespace).patch(
        target.name,
        'strategic',
        {
          spec: {
            template: {
              metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': restartedAt } },
            },
          },
        },
        { fieldManager: 'kubectl-rollout' },
      );
      return `${displayName(target.type, target.name)} restarted`;
    }),
    perTarget('pause', (context, target) => setPaused(context, target, true)),
    perTarget('resume', (context, target) => setPaused(context, target, false)),
  ],
};
