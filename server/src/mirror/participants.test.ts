import { describe, expect, it } from 'vitest';
import type { Conversation } from '@crm/shared/missive/conversations';
import { makeConversation } from '../test/conversation-fixture';
import { conversationTitle, externalPeople } from './participants';

const conversation = (fields: Partial<Conversation>) => makeConversation('c1', fields);

const own = {
  emails: ['camille@brightwell.io', 'someone@gmail.com'],
  phones: ['+1 514 555 0100'],
};

describe('externalPeople', () => {
  it('keeps the customers and leaves out the team, its aliases and its numbers', () => {
    const people = externalPeople(
      conversation({
        authors: [
          { name: 'Camille Fortin', phone_number: '+15145550100' },
          { name: 'Support', address: 'support@brightwell.io' },
          { name: 'Ada Lovelace', address: 'Ada@Engines.example' },
        ],
      }),
      {
        from_field: { name: 'Camille Fortin', address: 'camille@brightwell.io' },
        to_fields: [{ name: 'Ada', address: 'ada@engines.example' }],
        cc_fields: [{ name: 'Grace', address: 'grace@gmail.com' }],
      },
      own,
      'CA',
    );
    // The team's gmail user does not hide every gmail customer.
    expect(people).toEqual([
      { name: 'Ada Lovelace', email: 'ada@engines.example', phone: null },
      { name: 'Grace', email: 'grace@gmail.com', phone: null },
    ]);
  });

  it('merges what mentions of one person add, and reads numbers however written', () => {
    const people = externalPeople(
      conversation({
        authors: [
          { name: null, phone_number: '(438) 555-0199' },
          { name: 'Noor Okafor', phone_number: '+1 438 555 0199' },
          { name: 'custom-channel-id-only' },
        ],
      }),
      undefined,
      own,
      'CA',
    );
    expect(people).toEqual([{ name: 'Noor Okafor', email: null, phone: '+14385550199' }]);
  });

  it('drops a name that is only the address again', () => {
    const people = externalPeople(
      conversation({ authors: [{ name: 'ada@engines.example', address: 'ada@engines.example' }] }),
      undefined,
      own,
    );
    expect(people).toEqual([{ name: null, email: 'ada@engines.example', phone: null }]);
  });
});

describe('conversationTitle', () => {
  it('is the subject, else the latest subject, else who the thread is with', () => {
    const person = { name: 'Noor Okafor', email: null, phone: '+14385550199' };
    expect(conversationTitle(conversation({ subject: ' Order 7 ' }), [person])).toBe('Order 7');
    expect(conversationTitle(conversation({ latest_message_subject: 'Re: 7' }), [person])).toBe(
      'Re: 7',
    );
    expect(conversationTitle(conversation({}), [person])).toBe('Noor Okafor');
    expect(conversationTitle(conversation({}), [{ ...person, name: null }])).toBe('+14385550199');
    expect(conversationTitle(conversation({}), [])).toBe('(no subject)');
  });
});
