import { describe, expect, it, vi } from 'vitest';
import type { CompletedWrite } from './gateway/upstream';
import type { AuditEntry, NewAuditEntry } from './store/types';
import { auditEntry, recordWrite, resultIds } from './write-and-webhook-effects';

const AT = 1_700_000_000_000;

function write(overrides: Partial<CompletedWrite> = {}): CompletedWrite {
  return {
    call: {
      name: 'updateContacts',
      params: { ids: 'c1,c2' },
      query: {},
      body: { contacts: [{ first_name: 'Ada' }] },
      agent: 'agent-7',
      lane: 'interactive',
    },
    path: '/v1/contacts/c1,c2',
    response: {
      status: 200,
      body: { contacts: [{ id: 'c1' }, { id: 'c2' }] },
      retryAfter: null,
    },
    error: undefined,
    ...overrides,
  };
}

describe('resultIds', () => {
  it('collects the ids of a list and of a single resource', () => {
    expect(resultIds({ contacts: [{ id: 'a', name: 'A' }, { id: 'b' }] })).toEqual(['a', 'b']);
    expect(resultIds({ drafts: { id: 'd1', body: 'hi' } })).toEqual(['d1']);
    expect(resultIds({ posts: [{ id: 'p1' }], conversations: [{ id: 'x1' }] })).toEqual([
      'p1',
      'x1',
    ]);
  });

  it('skips what carries no string id', () => {
    expect(
      resultIds({ contacts: [{ id: 7 }, { name: 'no id' }, null, 'c', { id: 'ok' }] }),
    ).toEqual(['ok']);
    expect(resultIds({ total: 3 })).toEqual([]);
  });

  it.each([null, undefined, 'text', 42, true])('finds nothing in %j', (body) => {
    expect(resultIds(body)).toEqual([]);
  });
});

describe('auditEntry', () => {
  it('records a successful write with who made it and what it touched', () => {
    expect(auditEntry(write(), AT)).toEqual({
      at: AT,
      agent: 'agent-7',
      endpoint: 'updateContacts',
      method: 'PATCH',
      path: '/v1/contacts/c1,c2',
      requestBody: { contacts: [{ first_name: 'Ada' }] },
      upstreamStatus: 200,
      resultIds: ['c1', 'c2'],
      error: null,
    });
  });

  it('keeps the record the caller read before writing, for undo', () => {
    const before = { id: 'c1', first_name: 'Augusta' };
    const edit = write({ call: { ...write().call, before } });
    expect(auditEntry(edit, AT).before).toEqual(before);
    expect(auditEntry(write(), AT).before).toBeUndefined();
  });

  it('records a write Missive refused with its status as the error and no ids', () => {
    const refused = write({
      response: {
        status: 422,
        body: { contacts: [{ id: 'c1' }], error: { message: 'invalid' } },
        retryAfter: null,
      },
    });
    expect(auditEntry(refused, AT)).toMatchObject({
      upstreamStatus: 422,
      resultIds: [],
      error: 'Missive answered 422',
    });
  });

  it('records a write that got no answer with its error and no status', () => {
    const lost = write({
      response: undefined,
      error: 'Missive did not answer within 20 s',
    });
    expect(auditEntry(lost, AT)).toMatchObject({
      upstreamStatus: null,
      resultIds: [],
      error: 'Missive did not answer within 20 s',
    });
  });
});

describe('recordWrite', () => {
  it('resolves only once the audit row is stored: a shutdown may close the store right after', async () => {
    let stored = (_row: AuditEntry): void => undefined;
    const recorded: NewAuditEntry[] = [];
    const audit = {
      recordAudit: (entry: NewAuditEntry) =>
        new Promise<AuditEntry>((resolve) => {
          recorded.push(entry);
          stored = resolve;
        }),
    };
    let done = false;
    const recording = recordWrite(audit, write(), vi.fn()).then(() => {
      done = true;
    });
    // Every pending promise step runs before the next turn of the event loop.
    await new Promise((resolve) => setImmediate(resolve));
    expect(recorded).toHaveLength(1);
    expect(done).toBe(false);
    stored({ ...auditEntry(write(), AT), id: 1 });
    await recording;
    expect(done).toBe(true);
  });

  it('reports a failed audit instead of failing the write', async () => {
    const onError = vi.fn();
    const failure = new Error('disk full');
    await recordWrite({ recordAudit: () => Promise.reject(failure) }, write(), onError);
    expect(onError).toHaveBeenCalledWith(failure);
  });
});
