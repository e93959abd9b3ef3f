import { describe, expect, it } from 'vitest';
import { makeConversation } from '@/test/missive-fixtures';
import { conversationAuthors, conversationTitle, formatActivity } from './conversation-display';

describe('conversationTitle', () => {
  it('prefers the subject, then the latest message subject', () => {
    expect(conversationTitle(makeConversation({ id: 'c', subject: 'Refund' }))).toBe('Refund');
    expect(
      conversationTitle(makeConversation({ id: 'c', latest_message_subject: 'Re: Shipping' })),
    ).toBe('Re: Shipping');
  });

  it('names an SMS or WhatsApp thread by its first author, else the phone number', () => {
    const sms = makeConversation({
      id: 'c',
      authors: [{ name: 'Marie Curie', phone_number: '+15145550123' }],
    });
    expect(conversationTitle(sms)).toBe('Marie Curie');
    const unnamed = makeConversation({ id: 'c', authors: [{ phone_number: '+15145550123' }] });
    expect(conversationTitle(unnamed)).toBe('+15145550123');
  });

  it('falls back to a placeholder', () => {
    expect(conversationTitle(makeConversation({ id: 'c', authors: [] }))).toBe('(no subject)');
  });
});

describe('conversationAuthors', () => {
  it('lists distinct authors by name, address or phone', () => {
    const conversation = makeConversation({
      id: 'c',
      authors: [
        { name: 'Ada', address: 'ada@example.com' },
        { address: 'bob@example.com' },
        { name: 'Ada', address: 'ada@example.com' },
        { phone_number: '+15145550123' },
      ],
    });
    expect(conversationAuthors(conversation)).toBe('Ada, bob@example.com, +15145550123');
  });
});

describe('formatActivity', () => {
  it('shows the time today and the date otherwise', () => {
    const now = new Date(2024, 5, 15, 18, 0);
    const today = new Date(2024, 5, 15, 9, 30).getTime() / 1000;
    const lastMonth = new Date(2024, 4, 2, 9, 30).getTime() / 1000;
    const lastYear = new Date(2023, 4, 2, 9, 30).getTime() / 1000;
    expect(formatActivity(today, now)).toMatch(/9:30|09:30/);
    expect(formatActivity(lastMonth, now)).not.toMatch(/2024/);
    expect(formatActivity(lastYear, now)).toMatch(/2023/);
  });
});
