import { describe, expect, it } from 'vitest';
import type { SharedLabel } from '@crm/shared/missive/labels';
import { subtreeIds, toLabelForest, type LabelNode } from './label-tree';

function label(id: string, name: string, parent: string | null = null): SharedLabel {
  return { id, name, name_with_parent_names: name, color: null, parent, organization: 'org-1' };
}

/** The forest as indented names, one per line, to compare at a glance. */
function outline(nodes: readonly LabelNode[], depth = 0): string[] {
  return nodes.flatMap((node) => [
    `${'  '.repeat(depth)}${node.label.name}`,
    ...outline(node.children, depth + 1),
  ]);
}

describe('toLabelForest', () => {
  it('nests labels under their parents, siblings by name whatever the case', () => {
    const labels = [
      label('c', 'urgent'),
      label('b2', 'Refunds', 'a'),
      label('a', 'Billing'),
      label('b1', 'invoices', 'a'),
      label('d', 'Disputes', 'b2'),
    ];
    expect(outline(toLabelForest(labels))).toEqual([
      'Billing',
      '  invoices',
      '  Refunds',
      '    Disputes',
      'urgent',
    ]);
  });

  it('makes a root of a label whose parent is not listed, and of labels caught in a loop', () => {
    const labels = [
      label('x', 'Orphan', 'not-shared'),
      label('p', 'Ping', 'q'),
      label('q', 'Pong', 'p'),
    ];
    expect(outline(toLabelForest(labels))).toEqual(['Orphan', 'Ping', '  Pong']);
  });
});

describe('subtreeIds', () => {
  it('holds the label and everything below it, nothing beside it', () => {
    const labels = [
      label('a', 'Billing'),
      label('b', 'Refunds', 'a'),
      label('c', 'Disputes', 'b'),
      label('d', 'Urgent'),
    ];
    expect([...subtreeIds(labels, 'a')].sort()).toEqual(['a', 'b', 'c']);
    expect([...subtreeIds(labels, 'b')].sort()).toEqual(['b', 'c']);
    expect([...subtreeIds(labels, 'd')]).toEqual(['d']);
  });
});
