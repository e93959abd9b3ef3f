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
