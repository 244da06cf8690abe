// The real kubectl (v1.32) against the playground's authorization: Forbidden answers, `--as`
// impersonation, RBAC objects created through kubectl's typed (protobuf) clients, and
// `kubectl auth can-i` / `whoami`. Skipped where there is no kubectl binary.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  KUBECTL_AVAILABLE,
  kubectl as run,
  startTestCluster,
  type KubectlResult,
  type TestCluster,
} from './testing.ts';

let target: TestCluster;

function kubectl(...args: string[]): Promise<KubectlResult> {
  return run(target, args);
}

describe.skipIf(!KUBECTL_AVAILABLE)('real kubectl and RBAC', () => {
  beforeAll(async () => {
    target = await startTestCluster();
  });

  afterAll(async () => {
    await target.stop();
  });

  it('refuses a user without bindings, in upstream words', async () => {
    expect(await kubectl('get', 'pods', '--as=jane')).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'Error from server (Forbidden): pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"\n',
    });
    expect(await kubectl('auth', 'can-i', 'list', 'pods', '--as=jane')).toEqual({
      code: 1,
      stdout: 'no\n',
      stderr: '',
    });
  });

  it('grants through a RoleBinding made with kubectl create, but not by a user who lacks the right', async () => {
    const refused = await kubectl(
      'create',
      'rolebinding',
      'jane-pods',
      '--clusterrole=system:aggregate-to-view',
      '--user=jane',
      '--as=bob',
    );
    expect(refused.stderr).toBe(
      'error: failed to create rolebinding: rolebindings.rbac.authorization.k8s.io is forbidden: User "bob" cannot create resource "rolebindings" in API group "rbac.authorization.k8s.io" in the namespace "default"\n',
    );
    expect(
      await kubectl(
        'create',
        'rolebinding',
        'jane-pods',
        '--clusterrole=system:aggregate-to-view',
        '--user=jane',
      ),
    ).toMatchObject({
      code: 0,
      stdout: 'rolebinding.rbac.authorization.k8s.io/jane-pods created\n',
    });
    expect(await kubectl('auth', 'can-i', 'list', 'pods', '--as=jane')).toMatchObject({
      code: 0,
      stdout: 'yes\n',
    });
    expect(
      await kubectl('auth', 'can-i', 'list', 'pods', '--as=jane', '-n', 'kube-system'),
    ).toMatchObject({
      code: 1,
      stdout: 'no\n',
    });
  });

  it('says who the caller is', async () => {
    expect(await kubectl('auth', 'whoami')).toEqual({
      code: 0,
      stdout:
        'ATTRIBUTE   VALUE\nUsername    kubernetes-admin\nGroups      [kubeadm:cluster-admins system:authenticated]\n',
      stderr: '',
    });
    expect((await kubectl('auth', 'whoami', '--as=jane', '--as-group=devs')).stdout).toBe(
      'ATTRIBUTE   VALUE\nUsername    jane\nGroups      [devs system:authenticated]\n',
    );
  });

  it('lists the rules of a user', async () => {
    const { code, stdout } = await kubectl('auth', 'can-i', '--list', '--as=carl');
    expect(code).toBe(0);
    expect(stdout.split('\n').slice(0, 4)).toEqual([
      'Resources                                       Non-Resource URLs   Resource Names   Verbs',
      'selfsubjectreviews.authentication.k8s.io        []                  []               [create]',
      'selfsubjectaccessreviews.authorization.k8s.io   []                  []               [create]',
      'selfsubjectrulesreviews.authorization.k8s.io    []                  []               [create]',
    ]);
  });
});
