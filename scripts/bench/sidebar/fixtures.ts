import type { PageRequest, SidebarSample } from './stats';

/** Switches for the stats and report tests: one per time, with the token calls each made. */
export function samples(
  ms: readonly number[],
  interactive: number | readonly number[] = 0,
  background = 0,
  requests: PageRequest[] = [],
): SidebarSample[] {
  return ms.map((value, index) => ({
    conversationId: `c${index}`,
    ms: value,
    calls: {
      interactive: typeof interactive === 'number' ? interactive : (interactive[index] ?? 0),
      background,
    },
    requests,
  }));
}
