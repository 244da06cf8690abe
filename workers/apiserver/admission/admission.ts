// The admission chain (k8s.io/apiserver/pkg/admission): mutating plugins run in order, then
// validating ones; a plugin refuses by throwing ApiError with a Status. Plugins read other
// objects through an ObjectLookup (informer cache first, then storage, as upstream plugins do).

import type { ResourceType } from '../../api/resources.ts';
import type { KubeObject } from '../../client/protocol.ts';
import type { RequestContext, Strategy } from '../registry/strategy.ts';

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE';

export interface AdmissionAttributes {
  operation: Operation;
  strategy: Strategy;
  object: KubeObject;
  old?: KubeObject;
  context: RequestContext;
  /** A dry run: checked like any request, but nothing may be written on its account. */
  dryRun?: boolean;
}

export interface AdmissionPlugin {
  readonly name: string;
  /** Mutating phase: returns the (possibly changed) object. */
  admit?(attributes: AdmissionAttributes): Promise<KubeObject> | KubeObject;
  /** Validating phase: throws ApiError to refuse. */
  validate?(attributes: AdmissionAttributes): Promise<void> | void;
}

export interface ObjectLookup {
  get(type: ResourceType, namespace: string | undefined, name: string): Promise<KubeObject | null>;
  /** Every object of a cluster-scoped resource, as an informer's lister has them. */
  list(type: ResourceType): KubeObject[];
}

export class Admission {
  constructor(private readonly plugins: readonly AdmissionPlugin[]) {}

  get pluginNames(): string[] {
    return this.plugins.map((plugin) => plugin.name);
  }

  /** The mutating plugins, as the trace names them. */
  get mutating(): string {
    return (
      this.plugins
        .filter((plugin) => plugin.admit !== undefined)
        .map((plugin) => plugin.name)
        .join(', ') || 'no plugins'
    );
  }

  /** The validating plugins, as the trace names them. */
  get validating(): string {
    return (
      this.plugins
        .filter((plugin) => plugin.validate !== undefined)
        .map((plugin) => plugin.name)
        .join(', ') || 'no plugins'
    );
  }

  async admit(attributes: AdmissionAttributes): Promise<KubeObject> {
    let object = attributes.object;
    for (const plugin of this.plugins) {
      if (plugin.admit) object = await plugin.admit({ ...attributes, object });
    }
    return object;
  }

  async validate(attributes: AdmissionAttributes): Promise<void> {
    for (const plugin of this.plugins) await plugin.validate?.(attributes);
  }
}

/** Is this a request about `resource` in `group` (and not one of its subresources)? */
export function isResource(
  attributes: AdmissionAttributes,
  group: string,
  resource: string,
): boolean {
  return attributes.strategy.type.group === group && attributes.strategy.type.resource === resource;
}

/**
 * The name admission errors show: mutating admission runs before name generation, so a pod made
 * from generateName is named by its prefix (admission.extractResourceName).
 */
export function admissionName(object: KubeObject): string {
  return object.metadata?.name || object.metadata?.generateName || 'Unknown';
}
