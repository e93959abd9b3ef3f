import { describe, expect, it } from 'vitest';
import { conversationListQuery } from '@crm/shared/missive/conversations';
import {
  DEFAULT_FILTER,
  normalizeContactValue,
  readConversationFilter,
  toListFilter,
  writeConversationFilter,
  type ConversationFilter,
} from './conversation-filter';

const read = (search: string) => readConversationFilter(new URLSearchParams(search));

describe('conversation filter', () => {
  it('reads the inbox when the URL says nothing or something unknown', () => {
    expect(read('')).toEqual(DEFAULT_FILTER);
    expect(read('mailbox=everything&team=t1')).toEqual(DEFAULT_FILTER);
  });

  it('round-trips every kind of filter through the URL, keeping other params', () => {
    const filters: ConversationFilter[] = [
      { mailbox: { kind: 'personal', name: 'flagged' }, contact: null },
      {
        mailbox: { kind: 'team', view: 'team_closed', teamId: 'team-1' },
        contact: { kind: 'email', value: 'ada@example.com' },
      },
      {
        mailbox: { kind: 'label', labelId: 'label-1' },
        contact: { kind: 'contact_organization', value: 'group-1' },
      },
      { mailbox: { kind: 'team', view: 'team_all', teamId: null }, contact: null },
    ];
    for (const filter of filters) {
      const params = writeConversationFilter(new URLSearchParams('open=c1&email=old@x.io'), filter);
      expect(params.get('open')).toBe('c1');
      expect(readConversationFilter(params)).toEqual(filter);
    }
  });

  it('takes one contact filter from a URL that names several, in Missive’s order', () => {
    expect(read('domain=example.com&email=ada@example.com').contact).toEqual({
      kind: 'email',
      value: 'ada@example.com',
    });
    expect(read('email=%20&domain=example.com').contact).toEqual({
      kind: 'domain',
      value: 'example.com',
    });
  });

  it('builds a query Missive accepts: one mailbox, at most one contact filter', () => {
    const query = toListFilter(read('mailbox=team_inbox&team=team-1&domain=example.com'));
    expect(query).toEqual({ team_inbox: 'team-1', domain: 'example.com' });
    expect(conversationListQuery.safeParse(query).success).toBe(true);
    expect(toListFilter(read('mailbox=junked'))).toEqual({ junked: 'true' });
    expect(toListFilter(read('mailbox=shared_label&label=l1'))).toEqual({ shared_label: 'l1' });
  });

  it('has no query while a team or a label is still to be chosen', () => {
    expect(toListFilter(read('mailbox=team_inbox'))).toBeNull();
    expect(toListFilter(read('mailbox=shared_label'))).toBeNull();
  });

  it('normalizes typed addresses and domains, and names what is wrong', () => {
    expect(normalizeContactValue('email', ' Ada@Example.com ')).toEqual({
      value: 'ada@example.com',
    });
    expect(normalizeContactValue('email', 'ada')).toEqual({
      error: 'Enter an email address such as ada@example.com',
    });
    expect(normalizeContactValue('domain', '@Example.org')).toEqual({ value: 'example.org' });
    expect(normalizeContactValue('domain', 'not a domain')).toEqual({
      error: 'Enter a domain such as example.com',
    });
  });
});
