import { afterEach, describe, expect, it, vi } from 'vitest';
import { HOST_CONVERSATION_FIELDS } from '@crm/shared/context';
import { createOtherWindow } from '@/test/post-message';
import {
  createMissiveHost,
  loadMissiveHost,
  MISSIVE_SCRIPT_URL,
  type MissiveGlobal,
} from './missive-host';

afterEach(() => {
  delete window.Missive;
  for (const script of document.querySelectorAll('script')) script.remove();
  vi.useRealTimers();
});

/** A stand-in for the library's global that records its selection callback. */
function fakeMissive(overrides: MissiveGlobal = {}) {
  let emit: ((payload: unknown) => void) | undefined;
  const missive = {
    on: vi.fn(
      (
        _event: string,
        callback: (payload: unknown) => void,
        _options?: { retroactive?: boolean },
      ) => {
        emit = callback;
      },
    ),
    storeGet: vi.fn((key: string) => Promise.resolve(key === 'known' ? 'value' : undefined)),
    storeSet: vi.fn(() => Promise.resolve()),
    navigate: vi.fn(),
    openURL: vi.fn(),
    reload: vi.fn(),
    insertText: vi.fn(),
    insertHtml: vi.fn(),
    reply: vi.fn(),
    addLabels: vi.fn(),
    removeLabels: vi.fn(),
    comment: vi.fn(),
    ...overrides,
  };
  const select = (payload: unknown) => {
    if (!emit) throw new Error('nobody subscribed to change:conversations');
    emit(payload);
  };
  return { missive, select };
}

describe('the Missive host adapter', () => {
  it('subscribes once, retroactively, and fans the selection out', () => {
    const { missive, select } = fakeMissive();
    const host = createMissiveHost(missive);
    const first = vi.fn();
    const unsubscribe = host.onSelection(first);
    expect(missive.on).toHaveBeenCalledWith('change:conversations', expect.any(Function), {
      retroactive: true,
    });

    select(['c1']);
    expect(first).toHaveBeenLastCalledWith(['c1']);

    const second = vi.fn();
    host.onSelection(second);
    expect(second).toHaveBeenCalledWith(['c1']);
    expect(missive.on).toHaveBeenCalledTimes(1);

    unsubscribe();
    select([]);
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).toHaveBeenLastCalledWith([]);
  });

  it('keeps only string ids from what the library sends', () => {
    const { missive, select } = fakeMissive();
    const host = createMissiveHost(missive);
    const listener = vi.fn();
    host.onSelection(listener);
    select(['c1', 42, null, '', 'c2']);
    select('not a list');
    expect(listener.mock.calls).toEqual([[['c1', 'c2']], [[]]]);
  });

  it('reads and writes the per-user store through the library', async () => {
    const { missive } = fakeMissive();
    const host = createMissiveHost(missive);
    await expect(host.storeGet('known')).resolves.toBe('value');
    await expect(host.storeGet('unknown')).resolves.toBeNull();
    await host.storeSet('k', 'v');
    expect(missive.storeSet).toHaveBeenCalledWith('k', 'v');
  });

  it('keeps values in memory when the library offers no store', async () => {
    const host = createMissiveHost({});
    await host.storeSet('k', 'v');
    await expect(host.storeGet('k')).resolves.toBe('v');
  });

  it('navigates, opens links and reloads through the library', () => {
    const { missive } = fakeMissive();
    const host = createMissiveHost(missive);
    host.openConversation({ id: 'c1', web_url: 'https://mail.missiveapp.com/#c1' });
    host.openUrl('https://example.com');
    host.reload();
    expect(missive.navigate).toHaveBeenCalledWith({ conversationId: 'c1' });
    expect(missive.openURL).toHaveBeenCalledWith('https://example.com');
    expect(missive.reload).toHaveBeenCalled();
  });

  it('opens the web link when the library cannot navigate', () => {
    const { missive } = fakeMissive({ navigate: undefined });
    const host = createMissiveHost(missive);
    host.openConversation({ id: 'c1', web_url: 'https://mail.missiveapp.com/#c1' });
    expect(missive.openURL).toHaveBeenCalledWith('https://mail.missiveapp.com/#c1');
  });

  it('maps the composer actions onto the library', () => {
    const { missive } = fakeMissive();
    const actions = createMissiveHost(missive).actions;
    actions?.insertText('Hi');
    actions?.insertHtml('<b>Hi</b>');
    actions?.reply({
      subject: 'Re: Order',
      to_fields: [{ address: 'ada@example.com', name: 'Ada' }, { address: 'bob@example.com' }],
    });
    actions?.addLabels(['l1']);
    actions?.removeLabels(['l2']);
    actions?.comment('Called back');
    expect(missive.insertText).toHaveBeenCalledWith('Hi');
    expect(missive.insertHtml).toHaveBeenCalledWith('<b>Hi</b>');
    expect(missive.reply).toHaveBeenCalledWith({
      mailto: {
        subject: 'Re: Order',
        to_fields: [{ address: 'ada@example.com', name: 'Ada' }, { address: 'bob@example.com' }],
      },
    });
    expect(missive.addLabels).toHaveBeenCalledWith(['l1']);
    expect(missive.removeLabels).toHaveBeenCalledWith(['l2']);
    expect(missive.comment).toHaveBeenCalledWith('Called back');
  });

  it('reads conversations from the window around with the fields the sidebar needs, dropping junk', async () => {
    const known = {
      id: 'c1',
      subject: 'Order 1042',
      latest_message: { from_field: { name: 'Ada', address: 'ada@example.com' }, to_fields: [] },
    };
    const fetchConversations = vi.fn(() =>
      Promise.resolve([known, { subject: 'no id' }, 'junk', null]),
    );
    const host = createMissiveHost({ fetchConversations });
    await expect(host.fetchConversations(['c1', 'c2'])).resolves.toEqual([known]);
    expect(fetchConversations).toHaveBeenCalledWith(['c1', 'c2'], HOST_CONVERSATION_FIELDS);
    expect(HOST_CONVERSATION_FIELDS).toContain('!latest_message.body');
  });

  it('knows no conversation where the library cannot fetch them, or answers nonsense', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await expect(createMissiveHost({}).fetchConversations(['c1'])).resolves.toEqual([]);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('fetchConversations()'));
    const odd = createMissiveHost({ fetchConversations: () => ({ id: 'c1' }) });
    await expect(odd.fetchConversations(['c1'])).resolves.toEqual([]);
  });

  it('warns instead of throwing when the library lacks an action', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const actions = createMissiveHost({}).actions;
    expect(() => actions?.comment('x')).not.toThrow();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('comment()'));
  });
});

describe('loading the Missive host', () => {
  function frameThePage() {
    vi.spyOn(window, 'parent', 'get').mockReturnValue(createOtherWindow());
  }

  it('uses a global that is already there', async () => {
    window.Missive = fakeMissive().missive;
    const host = await loadMissiveHost();
    expect(host.kind).toBe('missive');
    expect(document.querySelector('script')).toBeNull();
  });

  it('refuses at once outside a frame, where Missive cannot be', async () => {
    await expect(loadMissiveHost()).rejects.toThrow(/open the sidebar from Missive/);
    expect(document.querySelector('script')).toBeNull();
  });

  it('loads missive.js in a frame and waits for the global', async () => {
    vi.useFakeTimers();
    frameThePage();
    const loading = loadMissiveHost();
    const script = document.querySelector('script');
    expect(script?.src).toBe(MISSIVE_SCRIPT_URL);

    const { missive } = fakeMissive();
    window.Missive = missive;
    script?.dispatchEvent(new Event('load'));
    const host = await loading;
    host.openUrl('https://example.com');
    expect(missive.openURL).toHaveBeenCalledWith('https://example.com');
  });

  it('adds the script only once across attempts', async () => {
    vi.useFakeTimers();
    frameThePage();
    const attempts = [loadMissiveHost({ timeoutMs: 100 }), loadMissiveHost({ timeoutMs: 100 })];
    const outcomes = attempts.map((attempt) => expect(attempt).rejects.toThrow());
    await vi.advanceTimersByTimeAsync(100);
    await Promise.all(outcomes);
    expect(document.querySelectorAll('script')).toHaveLength(1);
  });

  it('gives up with a clear message when the global never appears', async () => {
    vi.useFakeTimers();
    frameThePage();
    const outcome = expect(loadMissiveHost({ timeoutMs: 5_000 })).rejects.toThrow(
      "Missive's library did not start within 5 s. Reload the sidebar from Missive.",
    );
    await vi.advanceTimersByTimeAsync(5_000);
    await outcome;
  });

  it('says so when the script cannot be loaded', async () => {
    frameThePage();
    const loading = loadMissiveHost();
    document.querySelector('script')?.dispatchEvent(new Event('error'));
    await expect(loading).rejects.toThrow(/could not be loaded from https:\/\/integrations/);
  });
});
