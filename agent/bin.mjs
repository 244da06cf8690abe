#!/usr/bin/env node
// The agent as a package binary (`npx k8s-playground-agent`): the same TypeScript entry as
// `npm run agent`, loaded through tsx's loader since the package ships its sources.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
