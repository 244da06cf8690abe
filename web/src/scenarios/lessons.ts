// The built-in lessons: scenarios with a caption per step explaining what Kubernetes does and
// which component does it. Each is an ordinary scenario, so it shares, replays and embeds like
// any link (and the lessons test plays every one of them in the in-process host).

import { exampleYaml } from '../apply/examples.ts';
import { SCENARIO_VERSION, type Scenario } from './format.ts';

export interface Lesson {
  id: string;
  summary: string;
  scenario: Scenario;
}

const NGINX_POD = exampleYaml('nginx-pod');

const WEB_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 4
  selector:
    matchLabels:
      app: web
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 1
      maxUnavailable: 1
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: nginx
          image: nginx:1.26
          ports:
            - containerPort: 80
`;

const GREEDY_POD = `apiVersion: v1
kind: Pod
metadata:
  name: greedy
spec:
  containers:
    - name: app
      image: nginx:1.27
      resources:
        requests:
          cpu: "64"
          memory: 1Gi
`;

const MODEST_POD = `apiVersion: v1
kind: Pod
metadata:
  name: modest
spec:
  containers:
    - name: app
      image: nginx:1.27
      resources:
        requests:
          cpu: 500m
          memory: 256Mi
`;

const CRASHING_POD = `apiVersion: v1
kind: Pod
metadata:
  name: crasher
spec:
  restartPolicy: Always
  containers:
    - name: app
      image: busybox:1.37
      command: ["sh", "-c", "echo starting up; sleep 3; echo cannot reach the database >&2; exit 1"]
`;

const SPREAD_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: DoNotSchedule
          labelSelector:
            matchLabels:
              app: web
      containers:
        - name: nginx
          image: nginx:1.27
          ports:
            - containerPort: 80
`;

const HOSTNAMES = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: hostnames
spec:
  replicas: 3
  selector:
    matchLabels:
      app: hostnames
  template:
    metadata:
      labels:
        app: hostnames
    spec:
      containers:
        - name: hostnames
          image: registry.k8s.io/e2e-test-images/agnhost:2.53
          args: ["serve-hostname"]
          ports:
            - containerPort: 9376
---
apiVersion: v1
kind: Service
metadata:
  name: hostnames
spec:
  selector:
    app: hostnames
  ports:
    - port: 80
      targetPort: 9376
`;

function lesson(
  id: string,
  title: string,
  summary: string,
  scenario: Pick<Scenario, 'files' | 'steps'> & Partial<Scenario>,
): Lesson {
  return {
    id,
    summary,
    scenario: { version: SCENARIO_VERSION, title, seed: 42, speed: 1, nodes: 3, ...scenario },
  };
}

export const LESSONS: Lesson[] = [
  lesson(
    'create-a-pod',
    'What happens when you create a Pod',
    'Follow one Pod from kubectl through the API server, etcd, the scheduler and a kubelet.',
    {
      files: [{ name: 'pod.yaml', content: NGINX_POD }],
      steps: [
        {
          do: 'apply',
          file: 'pod.yaml',
          caption:
            'kubectl sends the Pod to the API server, which authenticates, authorizes, admits and validates it, then writes it to etcd. Nothing runs yet: the Pod has no node.',
        },
        {
          do: 'wait',
          resource: 'pod/nginx',
          for: 'condition=PodScheduled',
          timeoutSeconds: 60,
          caption:
            'The scheduler watches for Pods without a node, filters and scores the nodes, and posts a Binding. Click the pod to see why it chose that node.',
        },
        {
          do: 'wait',
          resource: 'pod/nginx',
          for: 'condition=Ready',
          timeoutSeconds: 120,
          caption:
            "The node's kubelet sees the Pod bound to it, pulls the image, starts the container through the runtime and reports the status back to the API server.",
        },
        {
          do: 'kubectl',
          command: 'kubectl get pod nginx -o wide',
          caption:
            'The status the kubelet wrote: Running, with the pod IP from the node’s pod CIDR.',
        },
        {
          do: 'kubectl',
          command: 'kubectl get events --field-selector involvedObject.name=nginx',
          caption: 'Each component left events: Scheduled, Pulling, Pulled, Created, Started.',
        },
      ],
    },
  ),
  lesson(
    'rolling-update',
    'A Deployment rolls out a new version',
    'Change the image of a Deployment and watch ReplicaSets trade pods within maxSurge and maxUnavailable.',
    {
      files: [{ name: 'web.yaml', content: WEB_DEPLOYMENT }],
      steps: [
        {
          do: 'apply',
          file: 'web.yaml',
          caption:
            'The Deployment controller creates a ReplicaSet for this pod template; the ReplicaSet controller creates the 4 pods.',
        },
        {
          do: 'kubectl',
          command: 'kubectl rollout status deployment/web',
          caption:
            'rollout status follows the Deployment until all 4 replicas are updated and available.',
        },
        {
          do: 'kubectl',
          command: 'kubectl set image deployment/web nginx=nginx:1.27',
          caption:
            'A new image is a new pod template: the controller creates a second ReplicaSet and scales it up while scaling the old one down.',
        },
        {
          do: 'kubectl',
          command: 'kubectl rollout status deployment/web',
          caption:
            'With maxSurge 1 and maxUnavailable 1 there are never more than 5 pods, and never fewer than 3 available.',
        },
        {
          do: 'kubectl',
          command: 'kubectl get replicasets -l app=web',
          caption:
            'The old ReplicaSet stays, scaled to 0: it is the revision a rollback returns to.',
        },
        {
          do: 'kubectl',
          command: 'kubectl rollout undo deployment/web',
          caption:
            'Undo scales the previous ReplicaSet back up: a rollback is just another rollout.',
        },
        { do: 'kubectl', command: 'kubectl rollout status deployment/web' },
      ],
    },
  ),
  lesson(
    'pending-pod',
    'Why is my Pod Pending?',
    'A Pod that asks for more CPU than any node has stays Pending; the scheduler says why.',
    {
      files: [
        { name: 'greedy.yaml', content: GREEDY_POD },
        { name: 'modest.yaml', content: MODEST_POD },
      ],
      steps: [
        {
          do: 'apply',
          file: 'greedy.yaml',
          caption:
            'This Pod requests 64 CPUs. The API server accepts it: capacity is the scheduler’s business.',
        },
        {
          do: 'wait',
          resource: 'pod/greedy',
          for: 'condition=PodScheduled=false',
          timeoutSeconds: 60,
          caption:
            'Every node fails the NodeResourcesFit filter, so the scheduler marks the Pod Unschedulable and records a FailedScheduling event.',
        },
        {
          do: 'kubectl',
          command: 'kubectl describe pod greedy',
          caption: 'describe shows the event: "0/3 nodes are available: 3 Insufficient cpu."',
        },
        {
          do: 'apply',
          file: 'modest.yaml',
          caption: 'A Pod that asks for half a CPU fits and is scheduled at once.',
        },
        { do: 'wait', resource: 'pod/modest', for: 'condition=Ready', timeoutSeconds: 120 },
        {
          do: 'kubectl',
          command: 'kubectl delete pod greedy',
          caption: 'Deleting the Pending Pod removes it; nothing was ever started for it.',
        },
      ],
    },
  ),
  lesson(
    'crash-loop',
    'A container that keeps crashing',
    'The kubelet restarts a failing container with an exponential back-off: CrashLoopBackOff.',
    {
      files: [{ name: 'crasher.yaml', content: CRASHING_POD }],
      steps: [
        {
          do: 'apply',
          file: 'crasher.yaml',
          caption: 'The container prints a line, waits 3 seconds and exits with code 1.',
        },
        {
          do: 'advance',
          seconds: 60,
          caption:
            'restartPolicy Always: the kubelet restarts it after 10 s, then 20 s, then 40 s… up to 5 minutes. Between tries the Pod shows CrashLoopBackOff.',
        },
        {
          do: 'kubectl',
          command: 'kubectl get pod crasher',
          caption: 'RESTARTS counts the restarts; STATUS shows the back-off or the last Error.',
        },
        {
          do: 'kubectl',
          command: 'kubectl logs crasher --previous',
          caption: '--previous shows the output of the container that crashed last time.',
        },
        {
          do: 'kubectl',
          command: 'kubectl describe pod crasher',
          caption: 'Last State: Terminated, Reason Error, Exit Code 1, and the BackOff events.',
        },
      ],
    },
  ),
  lesson(
    'node-failure',
    'A node fails: eviction after 300 s',
    'A node stops heart-beating; the node lifecycle controller taints it and its pods are evicted after their 300 s toleration.',
    {
      files: [{ name: 'web.yaml', content: SPREAD_DEPLOYMENT }],
      steps: [
        {
          do: 'apply',
          file: 'web.yaml',
          caption: 'Three replicas, spread one per node by a topology spread constraint.',
        },
        { do: 'kubectl', command: 'kubectl rollout status deployment/web' },
        {
          do: 'fault',
          node: 'node-2',
          fault: 'stop-kubelet',
          caption:
            "node-2's kubelet goes silent: no more node status, no more Lease renewals. Its containers keep running, but nobody can tell.",
        },
        {
          do: 'advance',
          seconds: 70,
          caption:
            'About 50 s after the last Lease renewal the node lifecycle controller marks the node Ready=Unknown and taints it node.kubernetes.io/unreachable (NoSchedule and NoExecute).',
        },
        { do: 'kubectl', command: 'kubectl get nodes' },
        {
          do: 'advance',
          seconds: 320,
          caption:
            'Every pod tolerates that taint for 300 s (DefaultTolerationSeconds admission). Then the taint eviction controller deletes the pods on node-2 and the ReplicaSet replaces them elsewhere.',
        },
        {
          do: 'kubectl',
          command: 'kubectl get pods -o wide',
          caption:
            'The evicted pod stays Terminating: only its kubelet can confirm the container stopped, and it is unreachable.',
        },
        {
          do: 'fault',
          node: 'node-2',
          fault: 'start-kubelet',
          caption: 'The kubelet comes back, stops the deleted pod, and the node is Ready again.',
        },
        { do: 'advance', seconds: 30 },
        { do: 'kubectl', command: 'kubectl get pods -o wide' },
      ],
    },
  ),
  lesson(
    'service-load-balancing',
    'A Service spreads requests over its pods',
    'kube-proxy turns a Service into rules on every node; each connection picks a ready endpoint at random.',
    {
      files: [{ name: 'hostnames.yaml', content: HOSTNAMES }],
      steps: [
        {
          do: 'apply',
          file: 'hostnames.yaml',
          caption:
            'Three pods that answer with their own name, and a Service in front of them. The Service gets a ClusterIP from 10.96.0.0/12.',
        },
        { do: 'kubectl', command: 'kubectl rollout status deployment/hostnames' },
        {
          do: 'kubectl',
          command: 'kubectl get endpointslices -l kubernetes.io/service-name=hostnames',
          caption: 'The EndpointSlice controller lists the ready pods behind the Service.',
        },
        {
          do: 'kubectl',
          command: 'kubectl run client --image=busybox:1.37 --restart=Never -- sleep 3600',
          caption: 'A client pod to send requests from.',
        },
        { do: 'wait', resource: 'pod/client', for: 'condition=Ready', timeoutSeconds: 120 },
        {
          do: 'kubectl',
          command: 'kubectl exec client -- wget -qO- http://hostnames',
          caption:
            "The client resolves hostnames through cluster DNS to the ClusterIP; its node's kube-proxy rules DNAT the connection to one of the pods.",
        },
        { do: 'kubectl', command: 'kubectl exec client -- wget -qO- http://hostnames' },
        {
          do: 'kubectl',
          command: 'kubectl exec client -- wget -qO- http://hostnames',
          caption:
            'Each connection is balanced on its own: the rules pick an endpoint with equal probability.',
        },
      ],
    },
  ),
];
