import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contactGroupSchema, contactSchema, type Contact } from '@crm/shared/missive/contacts';
import { userSchema } from '@crm/shared/missive/people';
import { openMemoryStore, type StoreWithMirror } from '../store/sqlite-store';
import { createMirrorReader, type MirrorReader } from './mirror-reader';
import { contactWrite, conversationWrite, plainWrite } from './records';
import { makeConversation } from '../test/conversation-fixture';

/**
 * Matching from the mirror, on an in-memory store: every book at once,
 * emails case-insensitive, phones by E.164 whatever their spelling, full
 * text, a person's other conversations, merges and the team's own addresses.
 */

const NOW = 1_718_100_000_000;

function contact(id: string, book: string, fields: Partial<Contact> = {}): Contact {
  return contactSchema.parse({
    id,
    contact_book: book,
    starred: false,
    deleted: false,
    modified_at: 1_718_000_000,
    ...fields,
  });
}

const email = (value: string) => ({ kind: 'email', label: 'work', value });
const phone = (value: string) => ({ kind: 'phone_number', label: 'mobile', value });

let store: StoreWithMirror;
let reader: MirrorReader;

/** A reader of the test's store, as the gateway makes one (OWN_ADDRESSES unset unless given). */
function readerOf(ownAddresses?: { emails: string[]; phones: string[] }): MirrorReader {
  return createMirrorReader({
    store: store.mirror,
    region: 'CA',
    budgetShare: 0.2,
    intervalS: 60,
    running: () => false,
    clock: () => NOW,
    ownAddresses,
  });
}

beforeEach(async () => {
  store = await openMemoryStore();
  reader = readerOf();
});

afterEach(async () => {
  await store.close();
});

const ids = (items: readonly { record: { id: string } }[]) => items.map((item) => item.record.id);

describe('contacts', () => {
  beforeEach(async () => {
    await store.mirror.write({
      records: [
        contactWrite(
          contact('ada-customers', 'customers', {
            first_name: 'Ada',
            last_name: 'Lovelace',
            infos: [email('Ada@Example.com'), phone('+1 (514) 555-0100')],
            memberships: [
              {
                title: 'CTO',
                group: { id: 'g1', kind: 'organization', name: 'Analytical Engines' },
              },
            ],
          }),
          NOW,
          'CA',
        ),
        contactWrite(
          contact('ada-partners', 'partners', {
            first_name: 'Ada',
            last_name: 'Lovelace',
            infos: [email('ada@example.com'), phone('514.555.0100')],
          }),
          NOW,
          'CA',
        ),
        contactWrite(
          contact('zoe', 'customers', {
            first_name: 'Zoë',
            last_name: 'Bergström',
            notes: 'Prefers WhatsApp',
            infos: [email('zoe@elsewhere.org'), phone('+33 1 42 68 53 00')],
          }),
          NOW,
          'CA',
        ),
      ],
    });
  });

  it('finds a contact in every book by email, whatever its case, each contact once', async () => {
    const found = await reader.contactsByEmails(['ADA@example.COM', ' ada@example.com ']);
    expect(ids(found).sort()).toEqual(['ada-customers', 'ada-partners']);
    expect(await reader.contactsByEmails(['nobody@example.com', 'not an email'])).toEqual([]);
  });

  it('finds a contact by phone, however either side wrote the number', async () => {
    // The SMS thread's E.164 meets "+1 (514) 555-0100" and, in region CA, "514.555.0100".
    expect(ids(await reader.contactsByPhones(['+15145550100'])).sort()).toEqual([
      'ada-customers',
      'ada-partners',
    ]);
    expect(ids(await reader.contactsByPhones(['0033142685300']))).toEqual(['zoe']);
    expect(await reader.contactsByPhones(['+15145550199', 'garbage'])).toEqual([]);
  });

  it('searches every field of every book by word prefixes, accents or not', async () => {
    expect(ids(await reader.searchContacts('berg', 10))).toEqual(['zoe']);
    expect(ids(await reader.searchContacts('zoe bergstrom', 10))).toEqual(['zoe']);
    expect(ids(await reader.searchContacts('whatsapp', 10))).toEqual(['zoe']);
    expect(ids(await reader.searchContacts('analytical', 10))).toEqual(['ada-customers']);
    expect(ids(await reader.searchContacts('5145550100', 10)).sort()).toEqual([
      'ada-customers',
      'ada-partners',
    ]);
    expect(ids(await reader.searchContacts('elsewhere.org', 10))).toEqual(['zoe']);
    // FTS5's own syntax is just text here.
    expect(await reader.searchContacts('"ada*" -(:', 10)).toHaveLength(2);
    expect(await reader.searchContacts('   ', 10)).toEqual([]);
    expect(await reader.searchContacts('ada', 1)).toHaveLength(1);
  });

  it('drops a deleted contact from every index', async () => {
    await store.mirror.write({ deletes: [{ kind: 'contacts', ids: ['zoe'] }] });
    expect(await reader.contactsByEmails(['zoe@elsewhere.org'])).toEqual([]);
    expect(await reader.contactsByPhones(['+33142685300'])).toEqual([]);
    expect(await reader.searchContacts('bergstrom', 10)).toEqual([]);
  });

  it('re-indexes an edited contact: the old email no longer finds it', async () => {
    await store.mirror.write({
      records: [
        contactWrite(
          contact('zoe', 'customers', {
            first_name: 'Zoë',
            modified_at: 1_718_000_100,
            infos: [email('zoe@new.example')],
          }),
          NOW + 1,
        ),
      ],
    });
    expect(await reader.contactsByEmails(['zoe@elsewhere.org'])).toEqual([]);
    expect(ids(await reader.contactsByEmails(['zoe@new.example']))).toEqual(['zoe']);
    expect(await reader.searchContacts('whatsapp', 10)).toEqual([]);
  });

  it('keeps the newer record when an older answer arrives late', async () => {
    const newer = contact('zoe', 'customers', { first_name: 'New', modified_at: 1_718_000_500 });
    const older = contact('zoe', 'customers', { first_name: 'Old', modified_at: 1_718_000_400 });
    await store.mirror.write({ records: [contactWrite(newer, NOW + 10)] });
    await store.mirror.write({ records: [contactWrite(older, NOW + 20)] });
    expect(await reader.contactsByEmails([])).toEqual([]);
    expect(
      (await reader.searchContacts('new', 10)).map((found) => found.record.first_name),
    ).toEqual(['New']);
    // Same modification time, but asked for before the kept one was: still older.
    const sameTime = contact('zoe', 'customers', {
      first_name: 'Stale',
      modified_at: 1_718_000_500,
    });
    await store.mirror.write({ records: [contactWrite(sameTime, NOW + 5)] });
    expect(await reader.searchContacts('stale', 10)).toEqual([]);
  });

  it('is as fresh as its book’s last finished round', async () => {
    await store.mirror.write({
      progress: {
        object: 'contacts',
        scope: 'customers',
        cursor: null,
        finished: { checkpoint: 1_718_000_000, at: NOW + 60_000, confirmedAt: NOW + 50_000 },
      },
    });
    const [customers] = await reader.contactsByEmails(['zoe@elsewhere.org']);
    expect(customers?.asOf).toBe(NOW + 50_000);
    const partners = (await reader.contactsByEmails(['ada@example.com'])).find(
      (found) => found.record.contact_book === 'partners',
    );
    expect(partners?.asOf).toBe(NOW);
  });
});

describe('conversations', () => {
  const customer = { name: 'Ada Lovelace', address: 'ADA@example.com' };
  const agent = { name: 'Camille Fortin', address: 'support@brightwell.io' };

  beforeEach(async () => {
    await store.mirror.write({
      records: [
        plainWrite(
          'users',
          userSchema.parse({
            id: 'u1',
            me: true,
            email: 'Camille@Brightwell.io',
            name: 'Camille Fortin',
            avatar_url: null,
          }),
          NOW,
        ),
        conversationWrite(
          makeConversation('old', { authors: [customer, agent], last_activity_at: 100 }),
          NOW,
        ),
        conversationWrite(
          makeConversation('new', { authors: [customer], last_activity_at: 300 }),
          NOW,
        ),
        conversationWrite(
          makeConversation('sms', {
            authors: [{ name: 'Camille Fortin', phone_number: '+15145550100' }],
            last_activity_at: 200,
          }),
          NOW,
          {
            region: 'CA',
            message: {
              from_field: { name: 'Camille Fortin', phone_number: '+15145550100' },
              to_fields: [{ name: null, phone_number: '+1 418 555 0142' }],
              cc_fields: [],
            },
          },
        ),
      ],
    });
  });

  it('lists a person’s other conversations newest first, leaving out the one open', async () => {
    expect(
      ids(await reader.conversationsWith({ emails: ['ada@EXAMPLE.com'] }, { limit: 10 })),
    ).toEqual(['new', 'old']);
    expect(
      ids(
        await reader.conversationsWith(
          { emails: ['ada@example.com'] },
          { excludeId: 'new', limit: 10 },
        ),
      ),
    ).toEqual(['old']);
    expect(
      ids(await reader.conversationsWith({ emails: ['ada@example.com'] }, { limit: 1 })),
    ).toEqual(['new']);
    expect(await reader.conversationsWith({}, { limit: 10 })).toEqual([]);
  });

  it('knows a recipient from a message, by phone in any spelling', async () => {
    expect(
      ids(await reader.conversationsWith({ phones: ['(418) 555-0142'] }, { limit: 10 })),
    ).toEqual(['sms']);
    // A later answer without a message (a REST conversation) keeps the recipients it cannot see.
    await store.mirror.write({
      records: [
        conversationWrite(
          makeConversation('sms', {
            authors: [{ name: 'Camille Fortin', phone_number: '+15145550100' }],
            last_activity_at: 400,
          }),
          NOW + 1,
        ),
      ],
    });
    expect(
      ids(await reader.conversationsWith({ phones: ['+14185550142'] }, { limit: 10 })),
    ).toEqual(['sms']);
  });

  it('pages every conversation newest first, ties by id, past a record that no longer parses', async () => {
    await store.mirror.write({
      records: [
        conversationWrite(makeConversation('tie-b', { last_activity_at: 200 }), NOW),
        conversationWrite(makeConversation('tie-a', { last_activity_at: 200 }), NOW),
        // Stored once, unreadable now (a schema grew stricter, say): skipped, not an end.
        {
          ...conversationWrite(makeConversation('bad', { last_activity_at: 150 }), NOW),
          data: { id: 'bad' },
        },
      ],
    });
    const seen: string[] = [];
    const pages: number[] = [];
    let after: Awaited<ReturnType<MirrorReader['pageConversations']>>['next'];
    do {
      const { page, next } = await reader.pageConversations({ after, limit: 2 });
      seen.push(...ids(page));
      pages.push(page.length);
      after = next;
    } while (after);
    expect(seen).toEqual(['new', 'sms', 'tie-a', 'tie-b', 'old']);
    // The unreadable record took its place on a page: the walk went on past it.
    expect(pages).toEqual([2, 2, 1, 0]);
  });

  it('resolves a merged id to the surviving conversation, and an unknown id to nothing', async () => {
    await store.mirror.write({ aliases: [{ oldId: 'old', newId: 'new', at: NOW }] });
    expect((await reader.getConversation('old'))?.record.id).toBe('new');
    expect(
      ids(await reader.conversationsWith({ emails: ['ada@example.com'] }, { limit: 10 })),
    ).toEqual(['new']);
    expect(
      await reader.conversationsWith(
        { emails: ['ada@example.com'] },
        { excludeId: 'old', limit: 10 },
      ),
    ).toEqual([]);
    expect(await reader.getConversation('never-heard-of')).toBeUndefined();
    expect(await reader.getConversation('')).toBeUndefined();
  });

  it('learns the team’s own addresses from users and from what users wrote under their name', async () => {
    expect(await reader.ownAddresses()).toEqual({
      emails: ['camille@brightwell.io', 'support@brightwell.io'],
      phones: ['+15145550100'],
    });
  });

  it('adds the addresses OWN_ADDRESSES names, which no user wrote from yet', async () => {
    const configured = readerOf({ emails: ['billing@brightwell.io'], phones: ['+15145550177'] });
    expect(await configured.ownAddresses()).toEqual({
      emails: ['billing@brightwell.io', 'camille@brightwell.io', 'support@brightwell.io'],
      phones: ['+15145550177', '+15145550100'],
    });
  });

  it('reports a record a webhook marked stale until the refresh lands', async () => {
    await store.mirror.write({ stale: ['new'] });
    expect((await reader.getConversation('new'))?.stale).toBe(true);
    await store.mirror.write({
      records: [
        conversationWrite(
          makeConversation('new', { authors: [customer], last_activity_at: 300 }),
          NOW + 5,
        ),
      ],
    });
    expect(await reader.getConversation('new')).toMatchObject({ stale: false, asOf: NOW + 5 });
  });
});

describe('full lists', () => {
  it('a refresh removes what the list no longer holds, but not what was written since it was asked for', async () => {
    const label = (id: string) => ({
      id,
      name: id,
      name_with_parent_names: id,
      color: null,
      organization: 'o1',
    });
    await store.mirror.write({
      records: ['a', 'b', 'c'].map((id) => plainWrite('shared_labels', label(id), NOW)),
    });
    // Created through the gateway while the refresh was under way.
    await store.mirror.write({ records: [plainWrite('shared_labels', label('new'), NOW + 20)] });
    await store.mirror.write({
      records: ['a', 'c'].map((id) => plainWrite('shared_labels', label(id), NOW + 10)),
      replace: { kind: 'shared_labels', before: NOW + 10 },
    });
    expect((await reader.listLabels()).map((found) => found.id).sort()).toEqual(['a', 'c', 'new']);
  });

  it('a contact book that disappears takes its contacts and groups along', async () => {
    await store.mirror.write({
      records: [
        contactWrite(contact('c1', 'kept', { infos: [email('one@example.com')] }), NOW),
        contactWrite(contact('c2', 'gone', { infos: [email('two@example.com')] }), NOW),
        plainWrite(
          'contact_groups',
          contactGroupSchema.parse({ id: 'g1', name: 'VIP', kind: 'group' }),
          NOW,
          'gone',
        ),
      ],
    });
    await store.mirror.write({
      orphans: { kinds: ['contacts', 'contact_groups'], parents: ['kept'] },
    });
    expect(await reader.contactsByEmails(['two@example.com'])).toEqual([]);
    expect(ids(await reader.contactsByEmails(['one@example.com']))).toEqual(['c1']);
    expect(await reader.listContactGroups()).toEqual([]);
  });

  it('a mirror of another Missive is emptied before it mirrors this one', async () => {
    expect(await store.mirror.useSource('the demo emulator (seed 1)')).toBeUndefined();
    await store.mirror.write({
      records: [contactWrite(contact('demo', 'book', { infos: [email('demo@example.com')] }), NOW)],
    });
    expect(await store.mirror.useSource('the demo emulator (seed 1)')).toBeUndefined();
    expect(await reader.contactsByEmails(['demo@example.com'])).toHaveLength(1);
    expect(await store.mirror.useSource('https://public.missiveapp.com/v1 (token 0123)')).toBe(
      'the demo emulator (seed 1)',
    );
    expect(await reader.contactsByEmails(['demo@example.com'])).toEqual([]);
    expect(await reader.searchContacts('demo', 5)).toEqual([]);
  });
});
