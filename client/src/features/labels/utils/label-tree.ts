import type { SharedLabel } from '@crm/shared/missive/labels';

/** A label placed in its tree: `depth` 0 is a top-level label. */
export interface TreeLabel {
  id: string;
  name: string;
  path: string;
  depth: number;
  color: string | null;
}

/**
 * Orders labels as the tree reads: every label right after its parent,
 * siblings alphabetically. Missive's `name_with_parent_names` joins the
 * path with "/", which a label name may not contain, so splitting it is safe.
 */
export function toLabelTree(labels: readonly SharedLabel[]): TreeLabel[] {
  return labels
    .map((label) => ({ label, segments: label.name_with_parent_names.split('/') }))
    .sort((a, b) => compareSegments(a.segments, b.segments))
    .map(({ label, segments }) => ({
      id: label.id,
      name: label.name,
      path: label.name_with_parent_names,
      depth: segments.length - 1,
      color: label.color,
    }));
}

/** Labels whose path holds every word typed, in any order and any case. */
export function filterLabels(labels: readonly TreeLabel[], text: string): TreeLabel[] {
  const words = text.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...labels];
  return labels.filter((label) => {
    const path = label.path.toLocaleLowerCase();
    return words.every((word) => path.includes(word));
  });
}

function compareSegments(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const order = (a[i] ?? '').localeCompare(b[i] ?? '', undefined, { sensitivity: 'base' });
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

/** A label with its sub-labels, as the dashboard's tree shows it. */
export interface LabelNode {
  label: SharedLabel;
  children: LabelNode[];
}

/**
 * The labels as a forest built from their `parent` links, siblings by name.
 * A label whose parent is not listed (not shared with this token) becomes
 * a root; so does any label caught in a parent loop, rather than vanishing.
 */
export function toLabelForest(labels: readonly SharedLabel[]): LabelNode[] {
  const ids = new Set(labels.map((label) => label.id));
  const childrenOf = groupChildren(labels);
  const placed = new Set<string>();
  const grow = (label: SharedLabel): LabelNode => {
    placed.add(label.id);
    const children = (childrenOf.get(label.id) ?? []).filter((child) => !placed.has(child.id));
    return { label, children: byName(children).map(grow) };
  };
  const roots = byName(labels.filter((label) => !label.parent || !ids.has(label.parent)));
  const forest = roots.map(grow);
  const stranded = byName(labels.filter((label) => !placed.has(label.id)));
  for (const label of stranded) if (!placed.has(label.id)) forest.push(grow(label));
  return forest;
}

/** The label and every label under it: where it may not be moved. */
export function subtreeIds(labels: readonly SharedLabel[], labelId: string): Set<string> {
  const childrenOf = groupChildren(labels);
  const found = new Set([labelId]);
  const queue = [labelId];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    for (const child of childrenOf.get(id) ?? []) {
      if (found.has(child.id)) continue;
      found.add(child.id);
      queue.push(child.id);
    }
  }
  return found;
}

function groupChildren(labels: readonly SharedLabel[]): Map<string, SharedLabel[]> {
  const childrenOf = new Map<string, SharedLabel[]>();
  for (const label of labels) {
    if (!label.parent) continue;
    const siblings = childrenOf.get(label.parent) ?? [];
    siblings.push(label);
    childrenOf.set(label.parent, siblings);
  }
  return childrenOf;
}

function byName(labels: readonly SharedLabel[]): SharedLabel[] {
  return labels.toSorted((a, b) =>
    a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }),
  );
}
