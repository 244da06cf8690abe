// structured-merge-diff v4 merge/update.go (Updater) and merge/conflict.go: who owns what after
// an update (changed fields move to the updater) or an apply (the configuration's fields, with
// conflicts against other owners unless forced, and pruning of fields the applier no longer
// sets). One API version per kind here, so nothing is converted between versions.

import { jsonEqual, type Json } from '../../api/json-merge-patch.ts';
import type { SchemaNode } from '../../api/schema/schema.ts';
import { FieldSet, type Path } from './fieldpath.ts';
import type { VersionedSet } from './managed-fields.ts';
import { removeItems, merge } from './merge.ts';
import { atomOf, compare, toFieldSet, type Comparison } from './typed.ts';

export interface Conflict {
  manager: string;
  path: Path;
}

/** merge.Conflicts: the fields an apply would take from other managers. */
export class Conflicts extends Error {
  constructor(readonly conflicts: readonly Conflict[]) {
    super('conflicts');
    this.name = 'Conflicts';
  }
}

export type ManagedSets = Map<string, VersionedSet>;

/** ConflictsFromManagers, managers in a stable order, each manager's paths in set order. */
function conflictsFrom(sets: ManagedSets): Conflict[] {
  const conflicts: Conflict[] = [];
  for (const manager of [...sets.keys()].sort()) {
    for (const path of sets.get(manager)?.set.paths() ?? []) conflicts.push({ manager, path });
  }
  return conflicts;
}

/** EnsureNamedFieldsAreMembers: struct fields with children also count as members. */
function ensureNamedFieldsAreMembers(set: FieldSet, type: SchemaNode | undefined): FieldSet {
  const out = new FieldSet();
  for (const [text, element] of set.members) out.members.set(text, element);
  const atom = type ? atomOf(type, {}) : undefined;
  for (const [text, child] of set.children) {
    let childType: SchemaNode | undefined;
    if (child.element.kind === 'field' && atom?.kind === 'map') {
      if (atom.isField(child.element.name)) out.members.set(text, child.element);
      childType = atom.child(child.element.name);
    } else if (child.element.kind === 'key' && type?.kind === 'list') {
      childType = type.element;
    }
    out.children.set(text, {
      element: child.element,
      set: ensureNamedFieldsAreMembers(child.set, childType),
    });
  }
  return out;
}

export class Updater {
  /** `ignored`: the strategy's reset fields, which no manager owns. */
  constructor(
    readonly type: SchemaNode,
    private readonly ignored: FieldSet | undefined,
  ) {}

  private filter(set: FieldSet): FieldSet {
    return this.ignored ? set.recursiveDifference(this.ignored) : set;
  }

  private compare(oldObject: Json, newObject: Json): Comparison {
    const comparison = compare(oldObject, newObject, this.type, this.ignored);
    return {
      added: this.filter(comparison.added),
      modified: this.filter(comparison.modified),
      removed: this.filter(comparison.removed),
    };
  }

  /**
   * update: other managers lose the fields `workflow` changed (a conflict unless forced) and
   * the fields it removed.
   */
  private update(
    oldObject: Json,
    newObject: Json,
    managers: ManagedSets,
    workflow: string,
    force: boolean,
  ): Comparison {
    const comparison = this.compare(oldObject, newObject);
    const changed = comparison.modified.union(comparison.added);
    const conflicts: ManagedSets = new Map();
    for (const [manager, versioned] of managers) {
      if (manager === workflow) continue;
      const taken = versioned.set.intersection(changed);
      if (!taken.empty()) conflicts.set(manager, { ...versioned, set: taken });
    }
    if (!force && conflicts.size > 0) throw new Conflicts(conflictsFrom(conflicts));
    for (const [manager, versioned] of managers) {
      if (manager === workflow) continue;
      let set = versioned.set;
      const taken = conflicts.get(manager);
      if (taken) set = set.difference(taken.set);
      if (!comparison.removed.empty()) set = set.difference(comparison.removed);
      if (set.empty()) managers.delete(manager);
      else if (set !== versioned.set) managers.set(manager, { ...versioned, set });
    }
    return comparison;
  }

  /** Update: `manager` now owns what it changed, added, and kept of what it had. */
  updateManagers(
    liveObject: Json,
    newObject: Json,
    version: string,
    managers: ManagedSets,
    manager: string,
  ): void {
    const comparison = this.update(liveObject, newObject, managers, manager, true);
    const previous = managers.get(manager)?.set ?? new FieldSet();
    const set = this.filter(
      previous.difference(comparison.removed).union(comparison.modified).union(comparison.added),
    );
    if (set.empty()) managers.delete(manager);
    else managers.set(manager, { set, apiVersion: version, applied: false });
  }

  /**
   * Apply: the configuration merged into the live object, minus what `manager` applied last
   * time and no longer does (unless someone else owns it). Null when nothing changed.
   */
  apply(
    liveObject: Json,
    config: Json,
    version: string,
    managers: ManagedSets,
    manager: string,
    force: boolean,
  ): Json | null {
    let newObject = merge(liveObject, config, this.type) ?? null;
    const last = managers.get(manager);
    managers.set(manager, {
      set: this.filter(toFieldSet(config, this.type)),
      apiVersion: version,
      applied: true,
    });
    newObject = this.prune(newObject, managers, last);
    this.update(liveObject, newObject, managers, manager, force);
    return jsonEqual(liveObject, newObject) ? null : newObject;
  }

  private ensure(set: FieldSet): FieldSet {
    return ensureNamedFieldsAreMembers(set, this.type);
  }

  private prune(merged: Json, managers: ManagedSets, last: VersionedSet | undefined): Json {
    if (!last || last.set.empty()) return merged;
    const pruned = removeItems(merged, this.ensure(last.set), this.type);
    const owned = this.addBackOwnedItems(merged, pruned, managers);
    return this.addBackDanglingItems(merged, owned, last.set);
  }

  /** Puts back what prune removed but some manager (the applier included) owns. */
  private addBackOwnedItems(merged: Json, pruned: Json, managers: ManagedSets): Json {
    let managed = new FieldSet();
    for (const versioned of managers.values()) managed = managed.union(versioned.set);
    const mergedSet = this.ensure(toFieldSet(merged, this.type));
    const prunedSet = this.ensure(toFieldSet(pruned, this.type));
    const removal = mergedSet.difference(prunedSet.union(this.ensure(managed)));
    return removeItems(merged, removal, this.type);
  }

  /** Puts back what prune removed that the applier did not own last time. */
  private addBackDanglingItems(merged: Json, pruned: Json, last: FieldSet): Json {
    const prunedSet = this.ensure(toFieldSet(pruned, this.type));
    const mergedSet = this.ensure(toFieldSet(merged, this.type));
    const removal = mergedSet.difference(prunedSet).intersection(this.ensure(last));
    return removeItems(merged, removal, this.type);
  }
}
