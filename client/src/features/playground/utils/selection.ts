/**
 * The conversation list's selection, as Missive's list behaves: a click
 * selects one, ctrl/cmd-click toggles one, shift-click selects the range from
 * the anchor (the last plain or toggling click) to the clicked row, and
 * Escape selects nothing. Pure, so every rule is tested without a DOM.
 */

export interface ListSelection {
  /** Selected ids in list order; ids no longer listed stay at the end. */
  ids: string[];
  /** Where a shift-click range starts. */
  anchor: string | null;
  /** The row last clicked or moved to: where the arrow keys continue from. */
  focus: string | null;
}

export interface SelectModifiers {
  /** ctrl (Windows, Linux) or cmd (macOS). */
  toggle: boolean;
  /** shift. */
  range: boolean;
}

export const noSelection: ListSelection = { ids: [], anchor: null, focus: null };

export function modifiersOf(event: {
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
}): SelectModifiers {
  return { toggle: event.ctrlKey || event.metaKey, range: event.shiftKey };
}

export function nextSelection(
  current: ListSelection,
  clicked: string,
  modifiers: SelectModifiers,
  orderedIds: readonly string[],
): ListSelection {
  if (modifiers.range) {
    const range = rangeBetween(current.anchor, clicked, orderedIds);
    if (range) {
      // shift+ctrl adds the range to what was selected; shift alone replaces it.
      const ids = modifiers.toggle ? [...current.ids, ...range] : range;
      return { ids: inListOrder(ids, orderedIds), anchor: current.anchor, focus: clicked };
    }
  }
  if (modifiers.toggle) {
    const ids = current.ids.includes(clicked)
      ? current.ids.filter((id) => id !== clicked)
      : [...current.ids, clicked];
    return { ids: inListOrder(ids, orderedIds), anchor: clicked, focus: clicked };
  }
  return { ids: [clicked], anchor: clicked, focus: clicked };
}

/**
 * The arrow keys: the row after (or before) the focused one, selected as a
 * click with the same modifiers would; the first row when none is focused.
 */
export function moveSelection(
  current: ListSelection,
  step: 1 | -1,
  modifiers: SelectModifiers,
  orderedIds: readonly string[],
): ListSelection {
  const index = current.focus === null ? -1 : orderedIds.indexOf(current.focus);
  const nextIndex = index === -1 ? 0 : Math.min(Math.max(index + step, 0), orderedIds.length - 1);
  const target = orderedIds[nextIndex];
  if (target === undefined) return current;
  // An arrow key never toggles a row off: with ctrl it only moves the range's end.
  return nextSelection(current, target, { toggle: false, range: modifiers.range }, orderedIds);
}

function rangeBetween(
  anchor: string | null,
  clicked: string,
  orderedIds: readonly string[],
): string[] | null {
  if (anchor === null) return null;
  const from = orderedIds.indexOf(anchor);
  const to = orderedIds.indexOf(clicked);
  // An anchor that left the list (another mailbox, a reload) cannot start a range.
  if (from === -1 || to === -1) return null;
  return orderedIds.slice(Math.min(from, to), Math.max(from, to) + 1);
}

function inListOrder(ids: readonly string[], orderedIds: readonly string[]): string[] {
  const wanted = new Set(ids);
  const listed = orderedIds.filter((id) => wanted.has(id));
  const unlisted = [...wanted].filter((id) => !orderedIds.includes(id));
  return [...listed, ...unlisted];
}
