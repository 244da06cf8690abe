// `kubectl config view|current-context` for the terminal's implicit kubeconfig: the cluster
// `npm run cluster` names (playground, kubernetes-admin), printed as kubectl prints a
// kubeconfig (secrets redacted, certificate data omitted). The terminal has no file to edit.

import { OUTPUT_FLAG, type Command } from './command.ts';
import { genericPrinter } from './printers.ts';
import { toYaml } from './yaml.ts';

const CLUSTER = 'playground';
const USER = 'kubernetes-admin';
const CONTEXT = `${USER}@${CLUSTER}`;

export const configCommand: Command = {
  name: 'config',
  flags: [],
  subcommands: [
    {
      name: 'view',
      flags: [
        OUTPUT_FLAG,
        { name: 'minify', kind: 'bool' },
        { name: 'raw', kind: 'bool' },
        { name: 'flatten', kind: 'bool' },
      ],
      run(context) {
        const config = {
          apiVersion: 'v1',
          clusters: [
            {
              cluster: { 'certificate-authority-data': 'DATA+OMITTED', server: context.server },
              name: CLUSTER,
            },
          ],
          contexts: [
            {
              context: {
                cluster: CLUSTER,
                user: USER,
                ...(context.explicitNamespace ? { namespace: context.namespace } : {}),
              },
              name: CONTEXT,
            },
          ],
          'current-context': CONTEXT,
          kind: 'Config',
          preferences: {},
          users: [{ name: USER, user: { token: 'REDACTED' } }],
        };
        const output = context.flags.string('output');
        context.io.stdout(output ? genericPrinter(output)(config) : toYaml(config));
        return Promise.resolve(0);
      },
    },
    {
      name: 'current-context',
      flags: [],
      run(context) {
        context.io.stdout(`${CONTEXT}\n`);
        return Promise.resolve(0);
      },
    },
  ],
};
