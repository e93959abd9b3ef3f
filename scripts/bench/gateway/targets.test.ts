import { describe, expect, it } from 'vitest';
import {
  callerOfOldDesignRequest,
  callerOfReadModelRequest,
  contextRequest,
  sidebarReads,
} from './targets';

describe('what the old sidebar read', () => {
  it('reads the conversation, its thread and the shared lists, then each author in each book', () => {
    const reads = sidebarReads({ id: 'c1', emails: ['a+b@x.example'] }, ['book1', 'book2']);
    expect(reads).toEqual([
      '/conversations/c1',
      '/conversations/c1/messages',
      '/conversations/c1/comments',
      '/shared_labels',
      '/users',
      '/contacts?contact_book=book1&search=a%2Bb%40x.example',
      '/contacts?contact_book=book2&search=a%2Bb%40x.example',
      '/conversations?all=true&email=a%2Bb%40x.example&limit=10',
    ]);
    expect(sidebarReads({ id: 'c2', emails: [] }, ['book1'])).toHaveLength(5);
  });
});

describe('what the new sidebar reads', () => {
  it('posts for the whole context of the conversation, with nothing from the host', () => {
    expect(contextRequest('http://127.0.0.1:4000', { id: 'c/1', emails: ['a@x.example'] })).toEqual(
      {
        url: 'http://127.0.0.1:4000/api/context/c%2F1',
        method: 'POST',
        body: '{}',
      },
    );
  });
});

describe('whose call reached the emulator', () => {
  it('old design: only the contact walker orders by last_modified', () => {
    expect(
      callerOfOldDesignRequest('/v1/contacts?contact_book=b&order=last_modified&offset=0'),
    ).toBe('sync');
    expect(callerOfOldDesignRequest('/v1/contacts?contact_book=b&search=a')).toBe('sidebar');
  });

  it('read model: a single conversation is read for an agent; every list is the sync’s', () => {
    expect(callerOfReadModelRequest('/v1/conversations/abc-123')).toBe('sidebar');
    expect(callerOfReadModelRequest('/v1/conversations/abc-123?x=1')).toBe('sidebar');
    expect(callerOfReadModelRequest('/v1/conversations?all=true&until=5')).toBe('sync');
    expect(callerOfReadModelRequest('/v1/conversations/abc-123/messages')).toBe('sync');
    expect(callerOfReadModelRequest('/v1/contacts?contact_book=b&modified_since=1')).toBe('sync');
  });
});
