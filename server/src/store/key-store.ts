import type { Kysely } from 'kysely';
import { roleSchema, type AccessKeyView, type Role } from '@crm/shared/people';
import type { Database } from './kysely-store';

export interface AccessKeysTable {
  id: string;
  name: string;
  /** The name lower-cased: what makes two live keys' names collide. */
  name_key: string;
  role: string;
  /** See auth/key-hash.ts; never the key. */
  key_hash: string;
  created_at: number;
  created_by: string;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface AccessKeyRecord extends AccessKeyView {
  keyHash: string;
}

/** Thrown when a live key already carries the name (the unique index said so). */
export class NameTaken extends Error {}

/** People's access keys: the only code that reads or writes `access_keys`. */
export class KeyStore {
  constructor(private readonly db: Kysely<Database>) {}

  async list(): Promise<AccessKeyRecord[]> {
    const rows = await this.db
      .selectFrom('access_keys')
      .selectAll()
      .orderBy('created_at')
      .execute();
    return rows.map(toRecord);
  }

  async insert(record: Omit<AccessKeyRecord, 'lastUsedAt' | 'revokedAt'>): Promise<void> {
    try {
      await this.db
        .insertInto('access_keys')
        .values({
          id: record.id,
          name: record.name,
          name_key: record.name.toLowerCase(),
          role: record.role,
          key_hash: record.keyHash,
          created_at: record.createdAt,
          created_by: record.createdBy,
          last_used_at: null,
          revoked_at: null,
        })
        .execute();
    } catch (error) {
      // The partial unique index, not a prior SELECT, decides: two admins
      // naming two keys alike at once cannot both win.
      if (isUniqueViolation(error)) throw new NameTaken(record.name);
      throw error;
    }
  }

  /** Marks the key revoked; false when there is no such live key. */
  async revoke(id: string, at: number): Promise<boolean> {
    const result = await this.db
      .updateTable('access_keys')
      .set({ revoked_at: at })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async touch(id: string, at: number): Promise<void> {
    await this.db
      .updateTable('access_keys')
      .set({ last_used_at: at })
      .where('id', '=', id)
      .execute();
  }
}

/** SQLite says so in its message; PostgreSQL by its SQLSTATE, 23505 unique_violation. */
function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (
    /UNIQUE constraint failed/.test(error.message) ||
    (error as Error & { code?: unknown }).code === '23505'
  );
}

function toRecord(row: AccessKeysTable): AccessKeyRecord {
  const role: Role = roleSchema.parse(row.role);
  return {
    id: row.id,
    name: row.name,
    role,
    keyHash: row.key_hash,
    createdAt: row.created_at,
    createdBy: row.created_by,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}
