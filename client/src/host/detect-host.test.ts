import { afterEach, describe, expect, it, vi } from 'vitest';
import { createOtherWindow, recordPostMessages } from '@/test/post-message';
import { detectHost } from './detect-host';

afterEach(() => {
  delete window.Missive;
  window.history.replaceState(null, '', '/');
});

describe('detectHost', () => {
  it('is the none host outside a frame', async () => {
    await expect(detectHost()).resolves.toMatchObject({ kind: 'none', actions: null });
  });

  it('is the playground host in a frame asked for with ?host=playground', async () => {
    const parent = createOtherWindow();
    const posted = recordPostMessages(parent);
    vi.spyOn(window, 'parent', 'get').mockReturnValue(parent);
    window.history.replaceState(null, '', '/sidebar?host=playground');

    const host = await detectHost();
    expect(host.kind).toBe('playground');
    // It said ready to the playground, which will answer with the selection.
    expect(posted.messages()).toHaveLength(1);
  });

  it('is Missive in any other frame', async () => {
    vi.spyOn(window, 'parent', 'get').mockReturnValue(createOtherWindow());
    window.Missive = {};
    window.history.replaceState(null, '', '/sidebar');
    await expect(detectHost()).resolves.toMatchObject({ kind: 'missive' });
  });
});
