import { sql, type Kysely } from 'kysely';
import type { Database } from './kysely-store';

/**
 * Full-text search over mirrored contacts, the one part of the mirror each
 * engine does its own way. SQLite keeps an FTS5 index that migration 0004's
 * triggers keep in step with mirror_contact_text; PostgreSQL keeps a tsvector
 * column beside the text, with a GIN index, written here with the text.
 * Both answer the same: every word a person typed, each a prefix, accents
 * and case ignored, best matches first.
 */
export interface ContactSearch {
  /** Keeps what a contact is searched by (mirror_contact_text and the engine's index of it). */
  index(db: Kysely<Database>, contactId: string, text: string): Promise<void>;
  /** Contact ids, best match first. */
  search(db: Kysely<Database>, text: string, limit: number): Promise<string[]>;
}

/** The words of a search box: what lies between spaces, with a letter or digit, at most 16. */
function searchWords(text: string): string[] {
  return text
    .split(/\s+/)
    .filter((word) => /[\p{L}\p{N}]/u.test(word))
    .slice(0, 16);
}

/**
 * Each word of what a person typed, all of them required, each a prefix:
 * "ann ber" finds Anna Bergström. A word is what lies between spaces, quoted
 * whole, so FTS5 reads one it splits into several tokens ("O'Brien",
 * "jean-luc", "ann@example.com") as a phrase with only its last token a
 * prefix. Split into separate prefixes instead, "O'Brien" made "o"* a term,
 * a merge of every token starting with o: 5 to 7 ms at 30,000 contacts
 * against 0.7 ms as a phrase (issue #9), and it also found Olivia Brien.
 * Quoting also keeps FTS5's operators (AND, NEAR, "-", ":") from being read
 * out of a search box; a quote inside a word is doubled, FTS5's escape.
 */
export function ftsQuery(text: string): string | undefined {
  const words = searchWords(text);
  if (!words.length) return undefined;
  return words.map((word) => `"${word.replaceAll('"', '""')}"*`).join(' ');
}

export const sqliteContactSearch: ContactSearch = {
  async index(db, contactId, text) {
    await db
      .insertInto('mirror_contact_text')
      .values({ contact_id: contactId, body: text })
      .onConflict((conflict) => conflict.column('contact_id').doUpdateSet({ body: text }))
      .execute();
  },
  async search(db, text, limit) {
    const match = ftsQuery(text);
    if (match === undefined) return [];
    const { rows } = await sql<{ contact_id: string }>`
      SELECT t.contact_id FROM mirror_contact_search s
      JOIN mirror_contact_text t ON t.search_id = s.rowid
      WHERE mirror_contact_search MATCH ${match}
      ORDER BY s.rank
      LIMIT ${limit}
    `.execute(db);
    return rows.map((row) => row.contact_id);
  },
};

/**
 * FTS5's unicode61 tokenizer (remove_diacritics 2) in JavaScript: runs of
 * letters, digits and private-use characters, lower-cased, accents removed.
 * PostgreSQL's own parser would not do: it keeps "anna@parcelwise.com" as
 * one email token, "jean-luc" as a hyphenated word, and removing accents
 * needs the unaccent extension. Tokenizing here, for the stored vector and
 * the query alike, makes both engines find the same contacts.
 */
export function searchTokens(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .normalize('NFC')
    .split(/[^\p{L}\p{N}\p{Co}]+/u)
    .filter((token) => token !== '');
}

/** PostgreSQL's limits: a lexeme under 2 KiB, positions up to 16,383, 256 of them per lexeme. */
const MAX_LEXEME_BYTES = 2046;
const MAX_POSITION = 16_383;
const MAX_POSITIONS = 256;

/** Only letters, digits and private-use characters reach a literal, so none needs quoting inside. */
const lexeme = (token: string) => `'${token}'`;

/**
 * The tsvector literal of a contact's text, with positions so that a word
 * typed as a phrase ("o'brien") matches its tokens side by side only. A
 * lexeme too long for PostgreSQL is left out: nobody types 2 KiB into a search box.
 */
export function tsVector(text: string): string {
  const positions = new Map<string, number[]>();
  searchTokens(text).forEach((token, index) => {
    if (Buffer.byteLength(token) > MAX_LEXEME_BYTES) return;
    const at = positions.get(token) ?? [];
    if (at.length < MAX_POSITIONS) at.push(Math.min(index + 1, MAX_POSITION));
    positions.set(token, at);
  });
  return [...positions].map(([token, at]) => `${lexeme(token)}:${at.join(',')}`).join(' ');
}

/**
 * The tsquery of what a person typed, read as FTS5 reads ftsQuery's: each
 * word's tokens side by side (`<->`), its last token a prefix (`:*`), all
 * words required (`&`). Built as a literal rather than by to_tsquery, whose
 * parser would split differently from the tokens stored.
 */
export function tsQuery(text: string): string | undefined {
  const phrases = searchWords(text)
    .map((word) => searchTokens(word))
    .filter((tokens) => tokens.length > 0)
    .map((tokens) => `${tokens.map(lexeme).join(' <-> ')}:*`);
  return phrases.length ? phrases.join(' & ') : undefined;
}

export const postgresContactSearch: ContactSearch = {
  async index(db, contactId, text) {
    await sql`
      INSERT INTO mirror_contact_text (contact_id, body, search)
      VALUES (${contactId}, ${text}, ${tsVector(text)}::tsvector)
      ON CONFLICT (contact_id) DO UPDATE SET body = excluded.body, search = excluded.search
    `.execute(db);
  },
  async search(db, text, limit) {
    const query = tsQuery(text);
    if (query === undefined) return [];
    // Ranked by matches over the contact's length (normalization 2), as
    // bm25 favours a short match: "Thabo Kowalski" before a long text that
    // merely mentions Kowalski. Ties go to the contact indexed first.
    const { rows } = await sql<{ contact_id: string }>`
      SELECT contact_id FROM mirror_contact_text
      WHERE search @@ ${query}::tsquery
      ORDER BY ts_rank(search, ${query}::tsquery, 2) DESC, search_id
      LIMIT ${limit}
    `.execute(db);
    return rows.map((row) => row.contact_id);
  },
};
