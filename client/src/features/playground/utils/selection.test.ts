import { describe, expect, it } from 'vitest';
import { moveSelection, nextSelection, noSelection, type ListSelection } from './selection';

const list = ['a', 'b', 'c', 'd', 'e'];
const plain = { toggle: false, range: false };
const ctrl = { toggle: true, range: false };
const shift = { toggle: false, range: true };
const ctrlShift = { toggle: true, range: true };

function clicks(...steps: [string, typeof plain][]): ListSelection {
  return steps.reduce<ListSelection>(
    (selection, [id, modifiers]) => nextSelection(selection, id, modifiers, list),
    noSelection,
  );
}

describe('nextSelection', () => {
  it('selects only the clicked row on a plain click', () => {
    expect(clicks(['b', plain])).toEqual({ ids: ['b'], anchor: 'b', focus: 'b' });
    expect(clicks(['b', plain], ['d', ctrl], ['c', plain]).ids).toEqual(['c']);
  });

  it('keeps a row selected when it is clicked again', () => {
    expect(clicks(['b', plain], ['b', plain]).ids).toEqual(['b']);
  });

  it('toggles rows with ctrl/cmd, keeping list order', () => {
    expect(clicks(['d', plain], ['b', ctrl]).ids).toEqual(['b', 'd']);
    expect(clicks(['d', plain], ['b', ctrl], ['d', ctrl]).ids).toEqual(['b']);
    expect(clicks(['d', plain], ['d', ctrl]).ids).toEqual([]);
  });

  it('selects the range from the anchor with shift, in either direction', () => {
    expect(clicks(['b', plain], ['d', shift]).ids).toEqual(['b', 'c', 'd']);
    expect(clicks(['d', plain], ['a', shift]).ids).toEqual(['a', 'b', 'c', 'd']);
  });

  it('moves the range end, not the anchor, on further shift-clicks', () => {
    const selection = clicks(['b', plain], ['e', shift], ['c', shift]);
    expect(selection).toEqual({ ids: ['b', 'c'], anchor: 'b', focus: 'c' });
  });

  it('starts a range from the last ctrl-click', () => {
    expect(clicks(['a', plain], ['c', ctrl], ['e', shift]).ids).toEqual(['c', 'd', 'e']);
  });

  it('adds a range to the selection with ctrl+shift', () => {
    expect(clicks(['a', plain], ['c', ctrl], ['e', ctrlShift]).ids).toEqual(['a', 'c', 'd', 'e']);
  });

  it('treats shift-click without a listed anchor as a plain click', () => {
    expect(clicks(['c', shift]).ids).toEqual(['c']);
    const elsewhere: ListSelection = { ids: ['z'], anchor: 'z', focus: 'z' };
    expect(nextSelection(elsewhere, 'b', shift, list).ids).toEqual(['b']);
  });

  it('keeps a selected id that is not listed (opened from the sidebar) at the end', () => {
    const opened: ListSelection = { ids: ['z'], anchor: 'z', focus: 'z' };
    expect(nextSelection(opened, 'b', ctrl, list).ids).toEqual(['b', 'z']);
  });

  it('empties with Escape (noSelection)', () => {
    expect(noSelection).toEqual({ ids: [], anchor: null, focus: null });
  });
});

describe('moveSelection', () => {
  it('starts at the first row and moves one row at a time, stopping at the ends', () => {
    let selection = moveSelection(noSelection, 1, plain, list);
    expect(selection.ids).toEqual(['a']);
    selection = moveSelection(selection, -1, plain, list);
    expect(selection.ids).toEqual(['a']);
    selection = moveSelection(moveSelection(selection, 1, plain, list), 1, plain, list);
    expect(selection.ids).toEqual(['c']);
  });

  it('extends from the anchor with shift', () => {
    const start = nextSelection(noSelection, 'b', plain, list);
    const extended = moveSelection(moveSelection(start, 1, shift, list), 1, shift, list);
    expect(extended).toEqual({ ids: ['b', 'c', 'd'], anchor: 'b', focus: 'd' });
    expect(moveSelection(extended, -1, shift, list).ids).toEqual(['b', 'c']);
  });

  it('does nothing on an empty list', () => {
    expect(moveSelection(noSelection, 1, plain, [])).toBe(noSelection);
  });
});
