// Request bodies real kubectl v1.32.4 sent with Content-Type application/vnd.kubernetes.protobuf,
// captured by a throwaway HTTPS server (bearer token, minimal legacy discovery) that recorded each
// request. `json` is kubectl's own `--dry-run=client -o json` output for the same command: the Go
// encoding/json of the same object. Commands without a dry run carry the JSON Go writes for the
// decoded object, read off the types' JSON tags (k8s.io/api v0.32.9 */types.go).

export interface KubectlFixture {
  command: string;
  request: string;
  /** The request body, base64. */
  body: string;
  json: unknown;
}

export const KUBECTL_FIXTURES: KubectlFixture[] = [
  {
    command:
      "kubectl create configmap cm1 --from-literal=a=b --from-literal=empty= '--from-file=bin=<5 bytes 00 01 02 ff fe>'",
    request: 'POST /api/v1/namespaces/default/configmaps',
    body: 'azhzAAoPCgJ2MRIJQ29uZmlnTWFwEjYKEwoDY20xEgAaACIAKgAyADgAQgASBgoBYRIBYhIJCgVlbXB0eRIAGgwKA2JpbhIFAAEC//4aACIA',
    // kubectl ... --dry-run=client -o json
    json: {
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: { name: 'cm1', creationTimestamp: null },
      data: { a: 'b', empty: '' },
      binaryData: { bin: 'AAEC//4=' },
    },
  },
  {
    command:
      'kubectl create secret generic s1 --from-literal=user=admin --from-literal=empty= --type=Opaque',
    request: 'POST /api/v1/namespaces/default/secrets',
    body: 'azhzAAoMCgJ2MRIGU2VjcmV0EjYKEgoCczESABoAIgAqADIAOABCABIJCgVlbXB0eRIAEg0KBHVzZXISBWFkbWluGgZPcGFxdWUaACIA',
    // kubectl ... --dry-run=client -o json
    json: {
      kind: 'Secret',
      apiVersion: 'v1',
      metadata: { name: 's1', creationTimestamp: null },
      data: { empty: '', user: 'YWRtaW4=' },
      type: 'Opaque',
    },
  },
  {
    command:
      'kubectl create secret docker-registry reg --docker-server=r.io --docker-username=u --docker-password=p',
    request: 'POST /api/v1/namespaces/default/secrets',
    body: 'azhzAAoMCgJ2MRIGU2VjcmV0EowBChMKA3JlZxIAGgAiACoAMgA4AEIAElUKES5kb2NrZXJjb25maWdqc29uEkB7ImF1dGhzIjp7InIuaW8iOnsidXNlcm5hbWUiOiJ1IiwicGFzc3dvcmQiOiJwIiwiYXV0aCI6ImRUcHcifX19Gh5rdWJlcm5ldGVzLmlvL2RvY2tlcmNvbmZpZ2pzb24aACIA',
    // kubectl ... --dry-run=client -o json
    json: {
      kind: 'Secret',
      apiVersion: 'v1',
      metadata: { name: 'reg', creationTimestamp: null },
      data: {
        '.dockerconfigjson':
          'eyJhdXRocyI6eyJyLmlvIjp7InVzZXJuYW1lIjoidSIsInBhc3N3b3JkIjoicCIsImF1dGgiOiJkVHB3In19fQ==',
      },
      type: 'kubernetes.io/dockerconfigjson',
    },
  },
  {
    command:
      'kubectl create deployment web --image=nginx:1.27 --image=busybox --replicas=3 --port=80',
    request: 'POST /apis/apps/v1/namespaces/default/deployments',
    body: 'azhzAAoVCgdhcHBzL3YxEgpEZXBsb3ltZW50EuYBCh8KA3dlYhIAGgAiACoAMgA4AEIAWgoKA2FwcBIDd2ViErQBCAMSDAoKCgNhcHASA3dlYhqZAQocCgASABoAIgAqADIAOABCAFoKCgNhcHASA3dlYhJ5EjMKBW5naW54EgpuZ2lueDoxLjI3KgAyCgoAEAAYUCIAKgBCAGoAcgCAAQCIAQCQAQCiAQASJgoHYnVzeWJveBIHYnVzeWJveCoAQgBqAHIAgAEAiAEAkAEAogEAGgAyAEIASgBSAFgAYABoAIIBAIoBAJoBAMIBACICCgAoADgAGgwIABAAGAAgACgAOAAaACIA',
    // kubectl ... --dry-run=client -o json
    json: {
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata: { name: 'web', creationTimestamp: null, labels: { app: 'web' } },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { creationTimestamp: null, labels: { app: 'web' } },
          spec: {
            containers: [
              { name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }], resources: {} },
              { name: 'busybox', image: 'busybox', resources: {} },
            ],
          },
        },
        strategy: {},
      },
      status: {},
    },
  },
  {
    command: 'kubectl create job j1 --image=busybox -- echo hi',
    request: 'POST /apis/batch/v1/namespaces/default/jobs',
    body: 'azhzAAoPCghiYXRjaC92MRIDSm9iEoQBChIKAmoxEgAaACIAKgAyADgAQgASZDJiChAKABIAGgAiACoAMgA4AEIAEk4SKwoCajESB2J1c3lib3gaBGVjaG8aAmhpKgBCAGoAcgCAAQCIAQCQAQCiAQAaBU5ldmVyMgBCAEoAUgBYAGAAaACCAQCKAQCaAQDCAQAaCCAAKAAwADoAGgAiAA==',
    // kubectl ... --dry-run=client -o json
    json: {
      kind: 'Job',
      apiVersion: 'batch/v1',
      metadata: { name: 'j1', creationTimestamp: null },
      spec: {
        template: {
          metadata: { creationTimestamp: null },
          spec: {
            containers: [{ name: 'j1', image: 'busybox', command: ['echo', 'hi'], resources: {} }],
            restartPolicy: 'Never',
          },
        },
      },
      status: {},
    },
  },
  {
    command:
      "kubectl create cronjob cj --image=busybox '--schedule=*/5 * * * *' --restart=OnFailure -- date",
    request: 'POST /apis/batch/v1/namespaces/default/cronjobs',
    body: 'azhzAAoTCghiYXRjaC92MRIHQ3JvbkpvYhKkAQoSCgJjahIAGgAiACoAMgA4AEIAEosBCgsqLzUgKiAqICogKhoAKnoKEgoCY2oSABoAIgAqADIAOABCABJkMmIKEAoAEgAaACIAKgAyADgAQgASThInCgJjahIHYnVzeWJveBoEZGF0ZSoAQgBqAHIAgAEAiAEAkAEAogEAGglPbkZhaWx1cmUyAEIASgBSAFgAYABoAIIBAIoBAJoBAMIBABoAGgAiAA==',
    // kubectl ... --dry-run=client -o json
    json: {
      kind: 'CronJob',
      apiVersion: 'batch/v1',
      metadata: { name: 'cj', creationTimestamp: null },
      spec: {
        schedule: '*/5 * * * *',
        jobTemplate: {
          metadata: { name: 'cj', creationTimestamp: null },
          spec: {
            template: {
              metadata: { creationTimestamp: null },
              spec: {
                containers: [{ name: 'cj', image: 'busybox', command: ['date'], resources: {} }],
                restartPolicy: 'OnFailure',
              },
            },
          },
        },
      },
      status: {},
    },
  },
  {
    command: 'kubectl create namespace ns1',
    request: 'POST /api/v1/namespaces',
    body: 'azhzAAoPCgJ2MRIJTmFtZXNwYWNlEhsKEwoDbnMxEgAaACIAKgAyADgAQgASABoCCgAaACIA',
    // kubectl ... --dry-run=client -o json
    json: {
      kind: 'Namespace',
      apiVersion: 'v1',
      metadata: { name: 'ns1', creationTimestamp: null },
      spec: {},
      status: {},
    },
  },
  {
    command: 'kubectl create service clusterip svc1 --tcp=80:8080 --tcp=443:https',
    request: 'POST /api/v1/namespaces/default/services',
    body: 'azhzAAoNCgJ2MRIHU2VydmljZRKQAQohCgRzdmMxEgAaACIAKgAyADgAQgBaCwoDYXBwEgRzdmMxEmcKGwoHODAtODA4MBIDVENQGFAiBwgAEJA/GgAoAAoiCgk0NDMtaHR0cHMSA1RDUBi7AyILCAEQABoFaHR0cHMoABILCgNhcHASBHN2YzEaACIJQ2x1c3RlcklQOgBCAFIAWgBgAGgAGgIKABoAIgA=',
    // kubectl ... --dry-run=client -o json
    json: {
      kind: 'Service',
      apiVersion: 'v1',
      metadata: { name: 'svc1', creationTimestamp: null, labels: { app: 'svc1' } },
      spec: {
        ports: [
          { name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 },
          { name: '443-https', protocol: 'TCP', port: 443, targetPort: 'https' },
        ],
        selector: { app: 'svc1' },
        type: 'ClusterIP',
      },
      status: { loadBalancer: {} },
    },
  },
  {
    command: 'kubectl create service nodeport np1 --tcp=80:8080 --node-port=30080',
    request: 'POST /api/v1/namespaces/default/services',
    body: 'azhzAAoNCgJ2MRIHU2VydmljZRJqCh8KA25wMRIAGgAiACoAMgA4AEIAWgoKA2FwcBIDbnAxEkMKHQoHODAtODA4MBIDVENQGFAiBwgAEJA/GgAogOsBEgoKA2FwcBIDbnAxGgAiCE5vZGVQb3J0OgBCAFIAWgBgAGgAGgIKABoAIgA=',
    // kubectl ... --dry-run=client -o json
    json: {
      kind: 'Service',
      apiVersion: 'v1',
      metadata: { name: 'np1', creationTimestamp: null, labels: { app: 'np1' } },
      spec: {
        ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080, nodePort: 30080 }],
        selector: { app: 'np1' },
        type: 'NodePort',
      },
      status: { loadBalancer: {} },
    },
  },
  {
    command: 'kubectl create service clusterip hl --clusterip=None',
    request: 'POST /api/v1/namespaces/default/services',
    body: 'azhzAAoNCgJ2MRIHU2VydmljZRJNCh0KAmhsEgAaACIAKgAyADgAQgBaCQoDYXBwEgJobBIoEgkKA2FwcBICaGwaBE5vbmUiCUNsdXN0ZXJJUDoAQgBSAFoAYABoABoCCgAaACIA',
    // kubectl ... --dry-run=client -o json
    json: {
      kind: 'Service',
      apiVersion: 'v1',
      metadata: { name: 'hl', creationTimestamp: null, labels: { app: 'hl' } },
      spec: { selector: { app: 'hl' }, clusterIP: 'None', type: 'ClusterIP' },
      status: { loadBalancer: {} },
    },
  },
  {
    command: 'kubectl create service externalname ext --external-name=example.com',
    request: 'POST /api/v1/namespaces/default/services',
    body: 'azhzAAoNCgJ2MRIHU2VydmljZRJaCh8KA2V4dBIAGgAiACoAMgA4AEIAWgoKA2FwcBIDZXh0EjMSCgoDYXBwEgNleHQaACIMRXh0ZXJuYWxOYW1lOgBCAFILZXhhbXBsZS5jb21aAGAAaAAaAgoAGgAiAA==',
    // kubectl ... --dry-run=client -o json
    json: {
      kind: 'Service',
      apiVersion: 'v1',
      metadata: { name: 'ext', creationTimestamp: null, labels: { app: 'ext' } },
      spec: { selector: { app: 'ext' }, type: 'ExternalName', externalName: 'example.com' },
      status: { loadBalancer: {} },
    },
  },
  {
    command: 'kubectl create serviceaccount sa1',
    request: 'POST /api/v1/namespaces/default/serviceaccounts',
    body: 'azhzAAoUCgJ2MRIOU2VydmljZUFjY291bnQSFQoTCgNzYTESABoAIgAqADIAOABCABoAIgA=',
    // kubectl ... --dry-run=client -o json
    json: {
      kind: 'ServiceAccount',
      apiVersion: 'v1',
      metadata: { name: 'sa1', creationTimestamp: null },
    },
  },
  {
    command:
      'kubectl create role r1 --verb=get,list --resource=pods,deployments.apps --resource-name=a',
    request: 'POST /apis/rbac.authorization.k8s.io/v1/namespaces/default/roles',
    body: 'azhzAAokChxyYmFjLmF1dGhvcml6YXRpb24uazhzLmlvL3YxEgRSb2xlEk8KEgoCcjESABoAIgAqADIAOABCABIWCgNnZXQKBGxpc3QSABoEcG9kcyIBYRIhCgNnZXQKBGxpc3QSBGFwcHMaC2RlcGxveW1lbnRzIgFhGgAiAA==',
    // kubectl ... --dry-run=client -o json
    json: {
      kind: 'Role',
      apiVersion: 'rbac.authorization.k8s.io/v1',
      metadata: { name: 'r1', creationTimestamp: null },
      rules: [
        { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'], resourceNames: ['a'] },
        {
          verbs: ['get', 'list'],
          apiGroups: ['apps'],
          resources: ['deployments'],
          resourceNames: ['a'],
        },
      ],
    },
  },
  {
    command:
      'kubectl create rolebinding rb1 --role=r1 --user=alice --group=devs --serviceaccount=default:sa1',
    request: 'POST /apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings',
    body: 'azhzAAorChxyYmFjLmF1dGhvcml6YXRpb24uazhzLmlvL3YxEgtSb2xlQmluZGluZxK2AQoTCgNyYjESABoAIgAqADIAOABCABIqCgRVc2VyEhlyYmFjLmF1dGhvcml6YXRpb24uazhzLmlvGgVhbGljZSIAEioKBUdyb3VwEhlyYmFjLmF1dGhvcml6YXRpb24uazhzLmlvGgRkZXZzIgASIAoOU2VydmljZUFjY291bnQSABoDc2ExIgdkZWZhdWx0GiUKGXJiYWMuYXV0aG9yaXphdGlvbi5rOHMuaW8SBFJvbGUaAnIxGgAiAA==',
    // kubectl ... --dry-run=client -o json
    json: {
      kind: 'RoleBinding',
      apiVersion: 'rbac.authorization.k8s.io/v1',
      metadata: { name: 'rb1', creationTimestamp: null },
      subjects: [
        { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'alice' },
        { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'devs' },
        { kind: 'ServiceAccount', name: 'sa1', namespace: 'default' },
      ],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r1' },
    },
  },
  {
    command:
      "kubectl create clusterrole cr1 --verb=get --resource=nodes '--non-resource-url=/logs/*'",
    request: 'POST /apis/rbac.authorization.k8s.io/v1/clusterroles',
    body: 'azhzAAorChxyYmFjLmF1dGhvcml6YXRpb24uazhzLmlvL3YxEgtDbHVzdGVyUm9sZRI1ChMKA2NyMRIAGgAiACoAMgA4AEIAEg4KA2dldBIAGgVub2RlcxIOCgNnZXQqBy9sb2dzLyoaACIA',
    // kubectl ... --dry-run=client -o json
    json: {
      kind: 'ClusterRole',
      apiVersion: 'rbac.authorization.k8s.io/v1',
      metadata: { name: 'cr1', creationTimestamp: null },
      rules: [
        { verbs: ['get'], apiGroups: [''], resources: ['nodes'] },
        { verbs: ['get'], nonResourceURLs: ['/logs/*'] },
      ],
    },
  },
  {
    command: 'kubectl create clusterrolebinding crb1 --clusterrole=cr1 --user=bob',
    request: 'POST /apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
    body: 'azhzAAoyChxyYmFjLmF1dGhvcml6YXRpb24uazhzLmlvL3YxEhJDbHVzdGVyUm9sZUJpbmRpbmcSbwoUCgRjcmIxEgAaACIAKgAyADgAQgASKAoEVXNlchIZcmJhYy5hdXRob3JpemF0aW9uLms4cy5pbxoDYm9iIgAaLQoZcmJhYy5hdXRob3JpemF0aW9uLms4cy5pbxILQ2x1c3RlclJvbGUaA2NyMRoAIgA=',
    // kubectl ... --dry-run=client -o json
    json: {
      kind: 'ClusterRoleBinding',
      apiVersion: 'rbac.authorization.k8s.io/v1',
      metadata: { name: 'crb1', creationTimestamp: null },
      subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'bob' }],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cr1' },
    },
  },
  {
    command: 'kubectl create pdb pdb1 --selector=app=web --min-available=50%',
    request: 'POST /apis/policy/v1/namespaces/default/poddisruptionbudgets',
    body: 'azhzAAogCglwb2xpY3kvdjESE1BvZERpc3J1cHRpb25CdWRnZXQSPQoUCgRwZGIxEgAaACIAKgAyADgAQgASGQoJCAEQABoDNTAlEgwKCgoDYXBwEgN3ZWIaCggAGAAgACgAMAAaACIA',
    // kubectl ... --dry-run=client -o json
    json: {
      kind: 'PodDisruptionBudget',
      apiVersion: 'policy/v1',
      metadata: { name: 'pdb1', creationTimestamp: null },
      spec: { minAvailable: '50%', selector: { matchLabels: { app: 'web' } } },
      status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 },
    },
  },
  {
    command: 'kubectl create pdb pdb2 --selector=app=web --max-unavailable=1',
    request: 'POST /apis/policy/v1/namespaces/default/poddisruptionbudgets',
    body: 'azhzAAogCglwb2xpY3kvdjESE1BvZERpc3J1cHRpb25CdWRnZXQSOgoUCgRwZGIyEgAaACIAKgAyADgAQgASFhIMCgoKA2FwcBIDd2ViGgYIABABGgAaCggAGAAgACgAMAAaACIA',
    // kubectl ... --dry-run=client -o json
    json: {
      kind: 'PodDisruptionBudget',
      apiVersion: 'policy/v1',
      metadata: { name: 'pdb2', creationTimestamp: null },
      spec: { selector: { matchLabels: { app: 'web' } }, maxUnavailable: 1 },
      status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 },
    },
  },
  {
    command: 'kubectl create quota q1 --hard=cpu=1500m,memory=1Gi,pods=10 --scopes=BestEffort',
    request: 'POST /api/v1/namespaces/default/resourcequotas',
    body: 'azhzAAoTCgJ2MRINUmVzb3VyY2VRdW90YRJTChIKAnExEgAaACIAKgAyADgAQgASOwoOCgNjcHUSBwoFMTUwMG0KDwoGbWVtb3J5EgUKAzFHaQoMCgRwb2RzEgQKAjEwEgpCZXN0RWZmb3J0GgAaACIA',
    // kubectl ... --dry-run=client -o json
    json: {
      kind: 'ResourceQuota',
      apiVersion: 'v1',
      metadata: { name: 'q1', creationTimestamp: null },
      spec: { hard: { cpu: '1500m', memory: '1Gi', pods: '10' }, scopes: ['BestEffort'] },
      status: {},
    },
  },
  {
    command: 'kubectl create ingress ing1 --rule=foo.com/bar=svc1:8080,tls=secret1 --class=nginx',
    request: 'POST /apis/networking.k8s.io/v1/namespaces/default/ingresses',
    body: 'azhzAAofChRuZXR3b3JraW5nLms4cy5pby92MRIHSW5ncmVzcxJmChQKBGluZzESABoAIgAqADIAOABCABJKEhIKB2Zvby5jb20SB3NlY3JldDEaLQoHZm9vLmNvbRIiCiAKHgoEL2JhchIPIg0KBHN2YzESBQoAEJA/GgVFeGFjdCIFbmdpbngaAgoAGgAiAA==',
    // kubectl ... --dry-run=client -o json
    json: {
      kind: 'Ingress',
      apiVersion: 'networking.k8s.io/v1',
      metadata: { name: 'ing1', creationTimestamp: null },
      spec: {
        ingressClassName: 'nginx',
        tls: [{ hosts: ['foo.com'], secretName: 'secret1' }],
        rules: [
          {
            host: 'foo.com',
            http: {
              paths: [
                {
                  path: '/bar',
                  pathType: 'Exact',
                  backend: { service: { name: 'svc1', port: { number: 8080 } } },
                },
              ],
            },
          },
        ],
      },
      status: { loadBalancer: {} },
    },
  },
  {
    command:
      'kubectl create priorityclass high --value=1000 --description=high --preemption-policy=Never',
    request: 'POST /apis/scheduling.k8s.io/v1/priorityclasses',
    body: 'azhzAAolChRzY2hlZHVsaW5nLms4cy5pby92MRINUHJpb3JpdHlDbGFzcxIoChQKBGhpZ2gSABoAIgAqADIAOABCABDoBxgAIgRoaWdoKgVOZXZlchoAIgA=',
    // kubectl ... --dry-run=client -o json
    json: {
      kind: 'PriorityClass',
      apiVersion: 'scheduling.k8s.io/v1',
      metadata: { name: 'high', creationTimestamp: null },
      value: 1000,
      description: 'high',
      preemptionPolicy: 'Never',
    },
  },
  {
    command:
      'kubectl create token sa1 --duration=10m --audience=a --bound-object-kind=Pod --bound-object-name=p1 --bound-object-uid=u-p1',
    request: 'POST /api/v1/namespaces/default/serviceaccounts/sa1/token',
    body: 'azhzAAooChhhdXRoZW50aWNhdGlvbi5rOHMuaW8vdjESDFRva2VuUmVxdWVzdBI1ChAKABIAGgAiACoAMgA4AEIAEhsKAWEaEwoDUG9kEgJ2MRoCcDEiBHUtcDEg2AQaBAoAEgAaACIA',
    // Go's JSON of the decoded object (no dry run for this command)
    json: {
      kind: 'TokenRequest',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: { creationTimestamp: null },
      spec: {
        audiences: ['a'],
        expirationSeconds: 600,
        boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'p1', uid: 'u-p1' },
      },
      status: { token: '', expirationTimestamp: null },
    },
  },
  {
    command: 'kubectl auth can-i create pods',
    request: 'POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
    body: 'azhzAAoyChdhdXRob3JpemF0aW9uLms4cy5pby92MRIXU2VsZlN1YmplY3RBY2Nlc3NSZXZpZXcSPwoQCgASABoAIgAqADIAOABCABIhCh8KB2RlZmF1bHQSBmNyZWF0ZRoAIgAqBHBvZHMyADoAGggIABIAGgAgABoAIgA=',
    // Go's JSON of the decoded object (no dry run for this command)
    json: {
      kind: 'SelfSubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      metadata: { creationTimestamp: null },
      spec: { resourceAttributes: { namespace: 'default', verb: 'create', resource: 'pods' } },
      status: { allowed: false },
    },
  },
  {
    command: 'kubectl auth can-i get pods --subresource=log -n kube-system',
    request: 'POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
    body: 'azhzAAoyChdhdXRob3JpemF0aW9uLms4cy5pby92MRIXU2VsZlN1YmplY3RBY2Nlc3NSZXZpZXcSQwoQCgASABoAIgAqADIAOABCABIlCiMKC2t1YmUtc3lzdGVtEgNnZXQaACIAKgRwb2RzMgNsb2c6ABoICAASABoAIAAaACIA',
    // Go's JSON of the decoded object (no dry run for this command)
    json: {
      kind: 'SelfSubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      metadata: { creationTimestamp: null },
      spec: {
        resourceAttributes: {
          namespace: 'kube-system',
          verb: 'get',
          resource: 'pods',
          subresource: 'log',
        },
      },
      status: { allowed: false },
    },
  },
  {
    command: 'kubectl auth can-i get /logs',
    request: 'POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
    body: 'azhzAAoyChdhdXRob3JpemF0aW9uLms4cy5pby92MRIXU2VsZlN1YmplY3RBY2Nlc3NSZXZpZXcSLAoQCgASABoAIgAqADIAOABCABIOEgwKBS9sb2dzEgNnZXQaCAgAEgAaACAAGgAiAA==',
    // Go's JSON of the decoded object (no dry run for this command)
    json: {
      kind: 'SelfSubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      metadata: { creationTimestamp: null },
      spec: { nonResourceAttributes: { path: '/logs', verb: 'get' } },
      status: { allowed: false },
    },
  },
  {
    command: 'kubectl auth whoami',
    request: 'POST /apis/authentication.k8s.io/v1/selfsubjectreviews',
    body: 'azhzAAotChhhdXRoZW50aWNhdGlvbi5rOHMuaW8vdjESEVNlbGZTdWJqZWN0UmV2aWV3EhoKEAoAEgAaACIAKgAyADgAQgASBgoECgASABoAIgA=',
    // Go's JSON of the decoded object (no dry run for this command)
    json: {
      kind: 'SelfSubjectReview',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: { creationTimestamp: null },
      status: { userInfo: {} },
    },
  },
  {
    command: 'kubectl drain n1 --force --disable-eviction --grace-period=5',
    request: 'DELETE /api/v1/namespaces/default/pods/p1',
    body: 'azhzAAoTCgJ2MRINRGVsZXRlT3B0aW9ucxICCAUaACIA',
    // Go's JSON of the decoded object (no dry run for this command)
    json: { kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 5 },
  },
  {
    command: 'kubectl create clusterrole agg --aggregation-rule=rbac.example.com/aggregate=true',
    request: 'POST /apis/rbac.authorization.k8s.io/v1/clusterroles',
    body: 'azhzAAorChxyYmFjLmF1dGhvcml6YXRpb24uazhzLmlvL3YxEgtDbHVzdGVyUm9sZRI9ChMKA2FnZxIAGgAiACoAMgA4AEIAGiYKJAoiChpyYmFjLmV4YW1wbGUuY29tL2FnZ3JlZ2F0ZRIEdHJ1ZRoAIgA=',
    // kubectl ... --dry-run=client -o json
    json: {
      kind: 'ClusterRole',
      apiVersion: 'rbac.authorization.k8s.io/v1',
      metadata: { name: 'agg', creationTimestamp: null },
      rules: null,
      aggregationRule: {
        clusterRoleSelectors: [{ matchLabels: { 'rbac.example.com/aggregate': 'true' } }],
      },
    },
  },
  {
    command: 'kubectl create service loadbalancer lb1 --tcp=5678:8080',
    request: 'POST /api/v1/namespaces/default/services',
    body: 'azhzAAoNCgJ2MRIHU2VydmljZRJvCh8KA2xiMRIAGgAiACoAMgA4AEIAWgoKA2FwcBIDbGIxEkgKHgoJNTY3OC04MDgwEgNUQ1AYriwiBwgAEJA/GgAoABIKCgNhcHASA2xiMRoAIgxMb2FkQmFsYW5jZXI6AEIAUgBaAGAAaAAaAgoAGgAiAA==',
    // kubectl ... --dry-run=client -o json
    json: {
      kind: 'Service',
      apiVersion: 'v1',
      metadata: { name: 'lb1', creationTimestamp: null, labels: { app: 'lb1' } },
      spec: {
        ports: [{ name: '5678-8080', protocol: 'TCP', port: 5678, targetPort: 8080 }],
        selector: { app: 'lb1' },
        type: 'LoadBalancer',
      },
      status: { loadBalancer: {} },
    },
  },
  {
    command: 'kubectl create deployment cmd --image=busybox -- sleep 3600',
    request: 'POST /apis/apps/v1/namespaces/default/deployments',
    body: 'azhzAAoVCgdhcHBzL3YxEgpEZXBsb3ltZW50Er0BCh8KA2NtZBIAGgAiACoAMgA4AEIAWgoKA2FwcBIDY21kEosBCAESDAoKCgNhcHASA2NtZBpxChwKABIAGgAiACoAMgA4AEIAWgoKA2FwcBIDY21kElESMwoHYnVzeWJveBIHYnVzeWJveBoFc2xlZXAaBDM2MDAqAEIAagByAIABAIgBAJABAKIBABoAMgBCAEoAUgBYAGAAaACCAQCKAQCaAQDCAQAiAgoAKAA4ABoMCAAQABgAIAAoADgAGgAiAA==',
    // kubectl ... --dry-run=client -o json
    json: {
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata: { name: 'cmd', creationTimestamp: null, labels: { app: 'cmd' } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'cmd' } },
        template: {
          metadata: { creationTimestamp: null, labels: { app: 'cmd' } },
          spec: {
            containers: [
              { name: 'busybox', image: 'busybox', command: ['sleep', '3600'], resources: {} },
            ],
          },
        },
        strategy: {},
      },
      status: {},
    },
  },
  {
    command: 'kubectl auth can-i --list -n default',
    request: 'POST /apis/authorization.k8s.io/v1/selfsubjectrulesreviews',
    body: 'azhzAAoxChdhdXRob3JpemF0aW9uLms4cy5pby92MRIWU2VsZlN1YmplY3RSdWxlc1JldmlldxIjChAKABIAGgAiACoAMgA4AEIAEgkKB2RlZmF1bHQaBBgAIgAaACIA',
    // Go's JSON of the decoded object (no dry run for this command)
    json: {
      kind: 'SelfSubjectRulesReview',
      apiVersion: 'authorization.k8s.io/v1',
      metadata: { creationTimestamp: null },
      spec: { namespace: 'default' },
      status: { resourceRules: null, nonResourceRules: null, incomplete: false },
    },
  },
  {
    command: 'kubectl auth can-i delete deployments.apps/web --as=alice --as-group=devs',
    request: 'POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
    body: 'azhzAAoyChdhdXRob3JpemF0aW9uLms4cy5pby92MRIXU2VsZlN1YmplY3RBY2Nlc3NSZXZpZXcSTQoQCgASABoAIgAqADIAOABCABIvCi0KB2RlZmF1bHQSBmRlbGV0ZRoEYXBwcyIAKgtkZXBsb3ltZW50czIAOgN3ZWIaCAgAEgAaACAAGgAiAA==',
    // Go's JSON of the decoded object (no dry run for this command)
    json: {
      kind: 'SelfSubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      metadata: { creationTimestamp: null },
      spec: {
        resourceAttributes: {
          namespace: 'default',
          verb: 'delete',
          group: 'apps',
          resource: 'deployments',
          name: 'web',
        },
      },
      status: { allowed: false },
    },
  },
];
