import { createHash, randomBytes } from 'node:crypto';
import {
  BOOTSTRAP_NAME,
  type AccessKeyView,
  type CreateAccessKeyBody,
  type Person,
} from '@crm/shared/people';
import type { Bus } from '../cluster/bus';
import { sameSecret } from '../http/bearer-auth';
import { HttpError } from '../http/http-error';
import { NameTaken, type AccessKeyRecord, type KeyStore } from '../store/key-store';
import { hashKey, verifyKey } from './key-hash';

/** A person as a request carries them: who, their role, and which key vouched for them. */
export interface Member extends Person {
  /** The access key's id, or `bootstrap` for APP_ACCESS_KEY; session tokens name it. */
  keyId: string;
}

export const BOOTSTRAP_KEY_ID = 'bootstrap';

/**
 * `mcrm_<id>_<secret>`: the id finds the one stored hash to check, so a key
 * costs one slow verification, not one per person on the team.
 */
const KEY_PATTERN = /^mcrm_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

/** A verified key is remembered this long, so an API client's requests skip the slow hash. */
const VERIFIED_FOR_MS = 10 * 60_000;
/** Slow checks at once: libuv's pool has four threads, which file and DNS work share. */
const MAX_SLOW_CHECKS = 4;
/** Last-used times reach the store at most this often per key (they are shown to the minute). */
const TOUCH_EVERY_MS = 60_000;
/** While the bus does not hear the other instances, the keys are read again this often. */
const RELOAD_WHILE_DEAF_MS = 1_000;

export interface PeopleOptions {
  store: KeyStore;
  /** APP_ACCESS_KEY: the first admin, from whom the team's keys are made. */
  bootstrapKey: string;
  clock?: () => number;
  onError: (error: unknown) => void;
  /**
   * Several instances share the store: each tells the others of the keys it
   * creates or revokes, and reads them again when told. Absent: this
   * process is the only one, and its memory the whole truth.
   */
  bus?: Bus;
}

/**
 * The team's people and their access keys. Every key is held in memory (a
 * team has tens, not thousands), so authenticating a session token is a map
 * lookup that also sees a revocation at once; the store is written through.
 * With several instances, a change made on one reaches the others through
 * the bus, and each reads the keys again from the store (which a message on
 * Redis could not forge); while the bus is deaf, each reads them every
 * second instead, so that a revoked key stops working everywhere within
 * about a second either way.
 */
export class People {
  private readonly records = new Map<string, AccessKeyRecord>();
  /** SHA-256 of a presented key → its id and until when it needs no slow check. */
  private readonly verified = new Map<string, { keyId: string; until: number }>();
  /** Slow checks under way, by the presented key's digest. */
  private readonly checking = new Map<string, Promise<boolean>>();
  private readonly persistedUse = new Map<string, number>();
  /** A reload asked for by the bus (or its silence) is under way. */
  private reloading = false;
  private readonly clock: () => number;
  private readonly bootstrap: Member;
  private deafReloads: NodeJS.Timeout | undefined;
  private closed = false;

  private constructor(private readonly options: PeopleOptions) {
    this.clock = options.clock ?? Date.now;
    this.bootstrap = { keyId: BOOTSTRAP_KEY_ID, name: BOOTSTRAP_NAME, role: 'admin' };
  }

  static async open(options: PeopleOptions): Promise<People> {
    const people = new People(options);
    // Listening before the first read, so that no change falls between the two.
    options.bus?.subscribe('keys-changed', () => {
      people.reloadReporting();
    });
    options.bus?.onHearing((hearing) => {
      people.hearingChanged(hearing);
    });
    await people.reload();
    if (options.bus?.hearing === false) people.hearingChanged(false);
    return people;
  }

  /**
   * Reads the keys again from the store, for the changes other instances
   * made. Only ever adds keys and revocations (a key is never deleted, a
   * revocation never undone): a reload that began before a change made here
   * and ends after it cannot undo it.
   */
  async reload(): Promise<void> {
    for (const stored of await this.options.store.list()) {
      const known = this.records.get(stored.id);
      if (!known) {
        this.records.set(stored.id, stored);
        continue;
      }
      known.lastUsedAt = Math.max(known.lastUsedAt ?? 0, stored.lastUsedAt ?? 0) || null;
      if (known.revokedAt === null && stored.revokedAt !== null) {
        known.revokedAt = stored.revokedAt;
        this.forgetVerified(stored.id);
      }
    }
  }

  /**
   * The person a presented access key belongs to; undefined for a wrong or
   * revoked key. `onSlowCheck` is called as a new slow check begins, before
   * its outcome is known, so that a guesser is counted before the wait (see
   * checkCredential); at most MAX_SLOW_CHECKS run at once, beyond which the
   * caller is asked to retry (429), so guesses cannot fill the thread pool
   * that reads files and resolves Missive's address for everyone.
   */
  async authenticate(presented: string, onSlowCheck?: () => void): Promise<Member | undefined> {
    if (sameSecret(presented, this.options.bootstrapKey)) return this.bootstrap;
    const match = KEY_PATTERN.exec(presented);
    const id = match?.[1];
    const secret = match?.[2];
    if (!id || !secret || !this.live(id)) return undefined;
    const digest = digestOf(presented);
    const known = this.verified.get(digest);
    if (!(known?.keyId === id && known.until > this.clock())) {
      // A burst of requests with a new key waits for one slow check, not one each.
      let checking = this.checking.get(digest);
      if (!checking) {
        if (this.checking.size >= MAX_SLOW_CHECKS) {
          throw new HttpError(
            429,
            'Too many access keys being checked at once; try again in a second',
            {
              headers: { 'Retry-After': '1' },
            },
          );
        }
        onSlowCheck?.();
        const record = this.records.get(id);
        checking = record ? verifyKey(secret, record.keyHash) : Promise.resolve(false);
        this.checking.set(digest, checking);
        void checking.finally(() => this.checking.delete(digest));
      }
      if (!(await checking)) return undefined;
      this.remember(digest, id);
    }
    // Revoked while the hash was being checked: refused all the same.
    return this.byKeyId(id);
  }

  /** The person behind a key id (from a session token) while the key is live; marks it used. */
  byKeyId(keyId: string): Member | undefined {
    if (keyId === BOOTSTRAP_KEY_ID) return this.bootstrap;
    const record = this.live(keyId);
    if (!record) return undefined;
    this.used(record);
    return { keyId, name: record.name, role: record.role };
  }

  /** Whether the key is still live, without counting this as a use. */
  isLive(keyId: string): boolean {
    return keyId === BOOTSTRAP_KEY_ID || this.live(keyId) !== undefined;
  }

  list(): AccessKeyView[] {
    return [...this.records.values()].map(toView);
  }

  async create(
    { name, role }: CreateAccessKeyBody,
    by: Member,
  ): Promise<{ key: string; accessKey: AccessKeyView }> {
    const id = randomBytes(6).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    const record: AccessKeyRecord = {
      id,
      name,
      role,
      keyHash: await hashKey(secret),
      createdAt: this.clock(),
      createdBy: by.name,
      lastUsedAt: null,
      revokedAt: null,
    };
    try {
      await this.options.store.insert(record);
    } catch (error) {
      if (error instanceof NameTaken) {
        throw new HttpError(
          409,
          `"${name}" already has a key; revoke it first to give them a new one, or choose another name`,
        );
      }
      throw error;
    }
    this.records.set(id, record);
    this.options.bus?.publish('keys-changed', {});
    const key = `mcrm_${id}_${secret}`;
    // Known good: its first use need not wait for the slow check.
    this.remember(digestOf(key), id);
    return { key, accessKey: toView(record) };
  }

  /** Revokes at once: the key and every session made with it stop working. */
  async revoke(id: string): Promise<AccessKeyView> {
    const record = this.records.get(id);
    if (!record) throw new HttpError(404, `No access key ${id}`);
    if (record.revokedAt !== null) return toView(record);
    const at = this.clock();
    await this.options.store.revoke(id, at);
    record.revokedAt = at;
    this.forgetVerified(id);
    this.options.bus?.publish('keys-changed', {});
    return toView(record);
  }

  /** Stops reading the keys (every second while the bus is deaf, or when told): the store is closing. */
  close(): void {
    this.closed = true;
    this.stopDeafReloads();
  }

  private hearingChanged(hearing: boolean): void {
    this.stopDeafReloads();
    if (this.closed) return;
    if (hearing) {
      // What was said while deaf is lost: the store has it.
      this.reloadReporting();
      return;
    }
    this.deafReloads = setInterval(() => {
      this.reloadReporting();
    }, RELOAD_WHILE_DEAF_MS);
    // Reads that must not keep a stopping process alive.
    this.deafReloads.unref();
  }

  private stopDeafReloads(): void {
    clearInterval(this.deafReloads);
    this.deafReloads = undefined;
  }

  /**
   * One reload at a time: on a slow or unreachable store, the reloads a deaf
   * bus asks for every second would otherwise pile up and hold its connections.
   */
  private reloadReporting(): void {
    if (this.closed || this.reloading) return;
    this.reloading = true;
    this.reload()
      .catch(this.options.onError)
      .finally(() => {
        this.reloading = false;
      });
  }

  private forgetVerified(keyId: string): void {
    for (const [digest, known] of this.verified) {
      if (known.keyId === keyId) this.verified.delete(digest);
    }
  }

  private remember(digest: string, keyId: string): void {
    this.verified.set(digest, { keyId, until: this.clock() + VERIFIED_FOR_MS });
  }

  private live(id: string): AccessKeyRecord | undefined {
    const record = this.records.get(id);
    return record && record.revokedAt === null ? record : undefined;
  }

  private used(record: AccessKeyRecord): void {
    const now = this.clock();
    record.lastUsedAt = now;
    if (now - (this.persistedUse.get(record.id) ?? 0) < TOUCH_EVERY_MS) return;
    this.persistedUse.set(record.id, now);
    this.options.store.touch(record.id, now).catch(this.options.onError);
  }
}

function digestOf(key: string): string {
  return createHash('sha256').update(key).digest('base64url');
}

function toView({ keyHash: _hash, ...view }: AccessKeyRecord): AccessKeyView {
  return view;
}
