import { sql, type Kysely } from 'kysely';
import type { Database } from './sqlite-store';

/**
 * Full-text search over mirrored contacts: the mirror's one SQLite-specific
 * query, against the FTS5 index that migration 0004 keeps in step with
 * mirror_contact_text. A PostgreSQL store would answer the same call with
 * `to_tsvector(body) @@ plainto_tsquery(...)`.
 */

/**
 * Each word of what a person typed as a quoted prefix, all of them required:
 * "ann ber" finds Anna Bergström. Quoting keeps FTS5's operators (AND, NEAR,
 * "-", ":") from being read out of a search box.
 */
export function ftsQuery(text: string): string | undefined {
  const words = text.match(/[\p{L}\p{N}]+/gu);
  if (!words) return undefined;
  return words
    .slice(0, 16)
    .map((word) => `"${word}"*`)
    .join(' ');
}

export async function searchContactIds(
  db: Kysely<Database>,
  text: string,
  limit: number,
): Promise<string[]> {
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
}
