// "Why here / why pending": the scheduler's own record of each attempt for the pod, one row per
// node: the filter plugin that ruled it out and why, or its normalized score per plugin times
// the plugin's weight, with the winner, ties and the FailedScheduling message spelled out.

import { useEffect, useState } from 'react';
import type { AttemptView } from '../../../workers/scheduler/server.ts';
import { schedulingAttempts } from '../cluster/session.ts';

/** What each default plugin looks at, for the column headers' tooltips. */
const PLUGIN_HELP: Record<string, string> = {
  NodeUnschedulable: 'Filters out cordoned nodes (spec.unschedulable) unless the pod tolerates it.',
  NodeName: 'Filters out every node but spec.nodeName when the pod names one.',
  TaintToleration:
    'Filters out nodes with NoSchedule taints the pod does not tolerate; scores fewer PreferNoSchedule taints higher.',
  NodeAffinity:
    'Filters on nodeSelector and required node affinity; scores preferred node affinity terms.',
  NodePorts: 'Filters out nodes where a hostPort the pod asks for is taken.',
  NodeResourcesFit:
    'Filters out nodes without room for the requests; scores the least allocated nodes highest (LeastAllocated).',
  NodeResourcesBalancedAllocation:
    'Scores nodes whose CPU and memory would be used in the most even proportion.',
  PodTopologySpread:
    'Keeps pods spread across nodes and zones (maxSkew), with the system defaults.',
  InterPodAffinity: 'Applies pod affinity and anti-affinity to the pods already on each node.',
  ImageLocality: 'Prefers nodes that already have the images.',
  VolumeBinding: 'Checks the pod’s volumes can bind on the node.',
};

/** What a learner can do about each filter reason, by the reason's upstream wording. */
const REASON_HINTS: [RegExp, string][] = [
  [
    /^Insufficient /,
    'The pod requests more than the node has left: its allocatable minus the requests of the pods already there. Lower the requests, free room, or add a node.',
  ],
  [
    /untolerated taint/,
    'The node is tainted and the pod has no matching toleration. Add a toleration to the pod, or remove the taint (kubectl taint nodes <node> <key>-).',
  ],
  [
    /didn't match Pod's node affinity\/selector/,
    "The pod's nodeSelector or required node affinity names labels the node does not have. Label the node or relax the rule.",
  ],
  [
    /were unschedulable/,
    'The node is cordoned (spec.unschedulable). kubectl uncordon <node> lets pods land there again.',
  ],
  [
    /didn't have free ports/,
    'Another pod on the node already uses the hostPort this pod asks for.',
  ],
  [
    /anti-affinity|affinity rules/,
    "The pod's inter-pod (anti-)affinity rules exclude the node, given the pods already running there.",
  ],
  [
    /topology spread constraints/,
    'Placing the pod there would break a topology spread constraint (maxSkew).',
  ],
];

function hintsFor(attempt: AttemptView): string[] {
  const reasons = new Set(attempt.nodes.flatMap((node) => node.filter?.reasons ?? []));
  const hints = new Set<string>();
  for (const reason of reasons)
    for (const [pattern, hint] of REASON_HINTS) if (pattern.test(reason)) hints.add(hint);
  return [...hints];
}

function useAttempts(namespace: string, name: string, version: string | undefined) {
  const [attempts, setAttempts] = useState<AttemptView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    schedulingAttempts(namespace, name).then(
      (answer) => {
        if (current) setAttempts(answer.attempts);
      },
      (failure: unknown) => {
        if (current) setError(failure instanceof Error ? failure.message : String(failure));
      },
    );
    return () => {
      current = false;
    };
    // A new resourceVersion may mean a new attempt (Pending → bound, or another failure).
  }, [namespace, name, version]);
  return { attempts, error };
}

/** A plugin name that may wrap between its words: NodeResources‧Balanced‧Allocation. */
function PluginName({ plugin }: { plugin: string }) {
  const words = plugin.split(/(?=[A-Z][a-z])/);
  return (
    <>
      {words.map((word, index) => (
        <span key={index}>
          {index > 0 ? <wbr /> : null}
          {word}
        </span>
      ))}
    </>
  );
}

function AttemptTable({ attempt }: { attempt: AttemptView }) {
  const plugins = attempt.nodes.find((node) => node.scores.length > 0)?.scores ?? [];
  const unvisited = attempt.numAllNodes - attempt.nodes.length;
  return (
    <>
      {attempt.message ? (
        <p className="why-message" data-testid="why-message">
          <strong>FailedScheduling</strong> {attempt.message}
        </p>
      ) : (
        <p className="why-summary">
          Bound to <strong>{attempt.selected}</strong>: it passed every filter and had the highest
          total score.
          {attempt.tiedWith.length > 1
            ? ` It tied with ${attempt.tiedWith.filter((node) => node !== attempt.selected).join(', ')}; the scheduler picked one at random (seeded, so replays agree).`
            : ''}
        </p>
      )}
      <div className="why-table-scroll">
        <table className="why-table" data-testid="why-table">
          <thead>
            <tr>
              <th>Node</th>
              <th>Filters</th>
              {plugins.map((score) => (
                <th key={score.plugin} title={PLUGIN_HELP[score.plugin] ?? score.plugin}>
                  <PluginName plugin={score.plugin} />
                  <span className="weight">×{score.weight}</span>
                </th>
              ))}
              {plugins.length > 0 ? <th>Total</th> : null}
            </tr>
          </thead>
          <tbody>
            {attempt.nodes.map((node) => (
              <tr
                key={node.node}
                className={
                  node.node === attempt.selected ? 'chosen' : node.filter ? 'filtered' : ''
                }
                data-testid={`why-row-${node.node}`}
              >
                <td>
                  {node.node}
                  {node.node === attempt.selected ? ' ✓' : ''}
                </td>
                {node.filter ? (
                  <td colSpan={plugins.length > 0 ? plugins.length + 2 : 1} className="why-filter">
                    ✗ {node.filter.plugin}: {node.filter.reasons.join(', ')}
                  </td>
                ) : (
                  <>
                    <td className="why-pass">passed</td>
                    {node.scores.map((score) => (
                      <td
                        key={score.plugin}
                        title={`raw ${score.raw} → normalized ${score.normalized} × weight ${score.weight}`}
                      >
                        {score.normalized * score.weight}
                      </td>
                    ))}
                    <td className="why-total">{node.total}</td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {plugins.length > 0 ? (
        <p className="why-note">
          Each score plugin rates a node 0–100; the table shows that times the plugin&apos;s weight,
          and the highest total wins.
        </p>
      ) : null}
      {hintsFor(attempt).map((hint) => (
        <p key={hint} className="why-hint">
          {hint}
        </p>
      ))}
      {unvisited > 0 ? (
        <p className="why-note">
          {unvisited} more node(s) were not evaluated: once enough feasible nodes are found
          (percentageOfNodesToScore), the scheduler stops looking.
        </p>
      ) : null}
      {attempt.preemption ? (
        <p className="why-note">
          Preemption nominated {attempt.preemption.nominatedNode} and evicts{' '}
          {attempt.preemption.victims.join(', ') || 'no pods'}.
        </p>
      ) : null}
    </>
  );
}

export function SchedulingTab({
  namespace,
  name,
  version,
}: {
  namespace: string;
  name: string;
  version: string | undefined;
}) {
  const { attempts, error } = useAttempts(namespace, name, version);
  const [shown, setShown] = useState<number | null>(null);
  if (error) return <p className="inspector-empty">The scheduler did not answer: {error}</p>;
  if (!attempts) return <p className="inspector-empty">Asking kube-scheduler…</p>;
  if (attempts.length === 0)
    return (
      <p className="inspector-empty" data-testid="why-none">
        kube-scheduler has no attempt on record for this pod: either the pod named its node itself
        (spec.nodeName), so it never went through the scheduler, or its records aged out (the
        scheduler keeps those of the last 256 pods it tried).
      </p>
    );
  const index = Math.min(shown ?? attempts.length - 1, attempts.length - 1);
  const attempt = attempts[index];
  if (!attempt) return null;
  return (
    <div className="why" data-testid="why">
      <div className="why-attempts">
        <button
          type="button"
          disabled={index === 0}
          onClick={() => {
            setShown(index - 1);
          }}
          aria-label="Earlier attempt"
        >
          ‹
        </button>
        <span>
          Attempt {index + 1} of {attempts.length} · {attempt.time.slice(11, 19)}
        </span>
        <button
          type="button"
          disabled={index === attempts.length - 1}
          onClick={() => {
            setShown(index + 1);
          }}
          aria-label="Later attempt"
        >
          ›
        </button>
      </div>
      <AttemptTable attempt={attempt} />
    </div>
  );
}
