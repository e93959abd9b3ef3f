import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoreWithMirror } from './kysely-store';
import type { StoreEngine } from './test-engines';

/**
 * Full-text search over the mirror's contacts at the store, on each engine
 * (contact-search.test.ts: SQLite's FTS5; contact-search.integration.test.ts:
 * PostgreSQL's tsvector): what a typed word matches, and that the best
 * matches come first however many match and in whatever order they were written.
 */
export function describeContactSearch(engine: StoreEngine): void {
  describe(`searchContactIds on ${engine.name}`, () => {
    let store: StoreWithMirror;

    /** Contacts written in this order, each searchable by `text`. */
    async function writeContacts(contacts: readonly { id: string; text: string }[]): Promise<void> {
      await store.mirror.write({
        records: contacts.map(({ id, text }) => ({
          kind: 'contacts',
          id,
          parentId: 'book',
          data: { id },
          activityAt: null,
          syncedAt: 1,
          contact: { emails: [], phones: [], text },
        })),
      });
    }

    beforeEach(async () => {
      store = await engine.open();
    });

    afterEach(async () => {
      await store.close();
    });

    it('matches every word as a prefix, accents or not', async () => {
      await writeContacts([
        { id: 'anna', text: 'Anna Bergström anna@parcelwise.com Parcelwise Shipping' },
        { id: 'annika', text: 'Annika Lindberg Northgate Hosting' },
      ]);
      expect(await store.mirror.searchContactIds('ann ber', 10)).toEqual(['anna']);
      expect(await store.mirror.searchContactIds('bergstrom', 10)).toEqual(['anna']);
      expect(await store.mirror.searchContactIds('anna@parcel', 10)).toEqual(['anna']);
      expect((await store.mirror.searchContactIds('ann', 10)).sort()).toEqual(['anna', 'annika']);
      expect(await store.mirror.searchContactIds('annb', 10)).toEqual([]);
    });

    it('matches a word with an apostrophe or hyphen as its parts side by side, the last a prefix', async () => {
      await writeContacts([
        { id: 'liam', text: "Liam O'Brien Clearbox Security" },
        { id: 'olivia', text: 'Olivia Brien Northgate Hosting' },
        { id: 'jean-luc', text: 'Jean-Luc Picard' },
      ]);
      expect(await store.mirror.searchContactIds("o'brien", 10)).toEqual(['liam']);
      expect(await store.mirror.searchContactIds("O'B", 10)).toEqual(['liam']);
      expect((await store.mirror.searchContactIds('brien', 10)).sort()).toEqual(['liam', 'olivia']);
      expect(await store.mirror.searchContactIds('jean-l', 10)).toEqual(['jean-luc']);
    });

    it('answers the best matches first, not the first written, when more match than asked for', async () => {
      const others = Array.from({ length: 40 }, (_, i) => ({
        id: `colleague-${i}`,
        text: `Colleague ${i} works with the Kowalski account team on shipping, billing and renewals`,
      }));
      // Written last, so a search that took the first matches in index order
      // before ranking them would never see it.
      await writeContacts([...others, { id: 'thabo', text: 'Thabo Kowalski' }]);
      expect(await store.mirror.searchContactIds('kowalski', 1)).toEqual(['thabo']);
      const ten = await store.mirror.searchContactIds('kowal', 10);
      expect(ten).toHaveLength(10);
      expect(ten[0]).toBe('thabo');
      expect(await store.mirror.searchContactIds('thabo kow', 10)).toEqual(['thabo']);
    });
  });
}
