import { useId, useState } from 'react';
import { Link } from 'react-router';
import type { LabelNode } from '../utils/label-tree';
import { LabelSwatch } from './label-picker';

/** The Conversations view, opened on one shared label. */
function conversationsHref(labelId: string): string {
  return `/conversations?${new URLSearchParams({ mailbox: 'shared_label', label: labelId }).toString()}`;
}

interface TreeProps {
  selectedId: string | null;
  onEdit: (labelId: string) => void;
}

/**
 * The label tree as nested lists: each label names itself, opens its
 * conversations and its settings, and folds its sub-labels away with a
 * disclosure button. Every control is a plain link or button in tab order,
 * so the tree needs no keyboard scheme of its own.
 */
export function LabelTreeView({
  forest,
  labelledBy,
  ...props
}: TreeProps & { forest: readonly LabelNode[]; labelledBy: string }) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const toggle = (labelId: string) => {
    setCollapsed((current) => {
      const next = new Set(current);
      if (!next.delete(labelId)) next.add(labelId);
      return next;
    });
  };
  return (
    <ul className="labels-tree" aria-labelledby={labelledBy}>
      {forest.map((node) => (
        <LabelTreeNode
          key={node.label.id}
          node={node}
          root
          collapsed={collapsed}
          onToggle={toggle}
          {...props}
        />
      ))}
    </ul>
  );
}

function LabelTreeNode({
  node: { label, children },
  root,
  collapsed,
  onToggle,
  selectedId,
  onEdit,
}: TreeProps & {
  node: LabelNode;
  root: boolean;
  collapsed: ReadonlySet<string>;
  onToggle: (labelId: string) => void;
}) {
  const id = useId();
  const path = label.name_with_parent_names;
  const expanded = !collapsed.has(label.id);
  const selected = label.id === selectedId;
  return (
    <li aria-labelledby={`${id}-name`}>
      <div className={selected ? 'labels-node labels-node-selected' : 'labels-node'}>
        {children.length > 0 ? (
          <button
            type="button"
            className="labels-toggle"
            aria-expanded={expanded}
            aria-controls={`${id}-children`}
            aria-label={`Sub-labels of ${path}`}
            onClick={() => {
              onToggle(label.id);
            }}
          >
            <span aria-hidden="true">{expanded ? '▾' : '▸'}</span>
          </button>
        ) : (
          <span className="labels-toggle" aria-hidden="true" />
        )}
        <LabelSwatch color={label.color} />
        {/* A root with a parent sits under a label not shared with this token: its path says where. */}
        <span id={`${id}-name`} className="labels-node-name" title={path}>
          {root && label.parent ? path : label.name}
        </span>
        <Link
          className="labels-node-action"
          to={conversationsHref(label.id)}
          aria-label={`Conversations in ${path}`}
        >
          Conversations
        </Link>
        <button
          type="button"
          className="labels-node-action"
          aria-pressed={selected}
          aria-label={`Edit ${path}`}
          onClick={() => {
            onEdit(label.id);
          }}
        >
          Edit
        </button>
      </div>
      {children.length > 0 ? (
        <ul id={`${id}-children`} className="labels-tree-group" hidden={!expanded}>
          {children.map((child) => (
            <LabelTreeNode
              key={child.label.id}
              node={child}
              root={false}
              collapsed={collapsed}
              onToggle={onToggle}
              selectedId={selectedId}
              onEdit={onEdit}
            />
          ))}
        </ul>
      ) : null}
    </li>
  );
}
