// Manifests the editor offers, starting with the seed's nginx Pod.

export interface Example {
  id: string;
  title: string;
  yaml: string;
}

export const EXAMPLES: Example[] = [
  {
    id: 'nginx-pod',
    title: 'nginx Pod',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: nginx
  labels:
    app: nginx
spec:
  containers:
    - name: nginx
      image: nginx:1.27
      ports:
        - containerPort: 80
`,
  },
  {
    id: 'replicaset',
    title: 'ReplicaSet of 3',
    yaml: `apiVersion: apps/v1
kind: ReplicaSet
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
      containers:
        - name: nginx
          image: nginx:1.27
          resources:
            requests:
              cpu: 250m
              memory: 64Mi
`,
  },
  {
    id: 'unschedulable',
    title: 'Pod that fits nowhere',
    yaml: `apiVersion: v1
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
`,
  },
  {
    id: 'invalid',
    title: 'Invalid Pod (no image)',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: broken
spec:
  containers:
    - name: app
`,
  },
  {
    id: 'namespace',
    title: 'Namespace + Pod',
    yaml: `apiVersion: v1
kind: Namespace
metadata:
  name: demo
---
apiVersion: v1
kind: Pod
metadata:
  name: hello
  namespace: demo
spec:
  containers:
    - name: busybox
      image: busybox:1.36
      command: ["sh", "-c", "sleep 3600"]
`,
  },
];

/** The manifest of one example, for lessons that start from it. */
export function exampleYaml(id: string): string {
  const example = EXAMPLES.find((candidate) => candidate.id === id);
  if (!example) throw new Error(`no example "${id}"`);
  return example.yaml;
}
