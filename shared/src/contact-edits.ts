import { z } from 'zod';
import {
  contactInfoInputSchema,
  contactSchema,
  contactUpdateInputSchema,
  membershipInputSchema,
  type Contact,
  type ContactInfo,
  type ContactInfoInput,
  type Membership,
  type MembershipInput,
} from './missive/contacts';

/**
 * Loss-free contact edits. Missive's PATCH replaces `infos` and `memberships`
 * wholesale and keeps no version number, so an edit carries the contact as
 * the agent opened it (`base`) beside what the agent changed (`changes`). The
 * gateway compares `base` with the contact as it is now: fields someone else
 * changed meanwhile are kept, and a field both changed is a conflict the
 * agent resolves rather than a silent overwrite. The same pure functions run
 * in the browser, so the conflict view and its one-click merge agree with the
 * gateway about what overlaps.
 */

export const contactTextFields = [
  'first_name',
  'last_name',
  'middle_name',
  'phonetic_first_name',
  'phonetic_last_name',
  'phonetic_middle_name',
  'prefix',
  'suffix',
  'nickname',
  'file_as',
  'gender',
  'notes',
] as const;
export type ContactTextField = (typeof contactTextFields)[number];

export const contactFields = [...contactTextFields, 'starred', 'infos', 'memberships'] as const;
export type ContactField = (typeof contactFields)[number];

/** What an agent changed: any subset of the attributes, `infos`/`memberships` as whole lists. */
export const contactChangesSchema = contactUpdateInputSchema.omit({ id: true });
export type ContactChanges = z.infer<typeof contactChangesSchema>;

export const contactEditRequestSchema = z.strictObject({
  base: contactSchema,
  changes: contactChangesSchema,
});
export type ContactEditRequest = z.infer<typeof contactEditRequestSchema>;

export const contactEditResponseSchema = z.object({ contact: contactSchema });

/** The `details` of a 409: both versions, what the agent sent and the fields in dispute. */
export const contactConflictSchema = z.object({
  current: contactSchema,
  base: contactSchema,
  yours: contactChangesSchema,
  fields: z.array(z.enum(contactFields)),
});
export type ContactConflict = z.infer<typeof contactConflictSchema>;

export const contactConflictEnvelopeSchema = z.object({
  error: z.object({
    message: z.string(),
    code: z.literal('conflict'),
    details: contactConflictSchema,
  }),
});

/** The `details` of a 400 from the edit route: each problem where it is, for the form. */
export const validationDetailsSchema = z.object({
  issues: z.array(
    z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() }),
  ),
});

/** The `details` of a 429 or 503: seconds until a retry is safe (the Retry-After header). */
export const retryDetailsSchema = z.object({ retryAfter: z.number().nonnegative() });

// Canonical forms: a response and a request describe the same info or
// membership with different optional keys (null, "" or absent), so both are
// reduced to one shape with a fixed key order before comparing.

const infoKeys = [
  'kind',
  'label',
  'custom_label',
  'value',
  'name',
  'street',
  'extended_address',
  'city',
  'region',
  'postal_code',
  'po_box',
  'country',
] as const;
const membershipFieldKeys = ['title', 'department', 'location', 'description'] as const;

type Canonical = Record<string, string>;

function present(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

/**
 * An info as a request would carry it. Missive may answer an info without a
 * label; "other" is the one label every kind accepts, and `custom_label`
 * counts only beside it.
 */
export function canonicalInfo(info: Readonly<Record<string, unknown>>): Canonical {
  const out: Canonical = {};
  for (const key of infoKeys) {
    const value = info[key];
    if (present(value)) out[key] = value;
  }
  if (!present(out.label)) out.label = 'other';
  if (out.label !== 'other') delete out.custom_label;
  return out;
}

interface CanonicalMembership {
  group: { kind: 'organization' | 'group'; name: string };
  fields: Canonical;
}

/** A membership as a request names it: the group by kind and name, never by id. */
function canonicalMembership(membership: Membership | MembershipInput): CanonicalMembership {
  const fields: Canonical = {};
  for (const key of membershipFieldKeys) {
    const value = membership[key];
    if (present(value)) fields[key] = value;
  }
  // A group read without its kind is an organization when it carries
  // organization-only fields, which a plain group cannot.
  const kind = membership.group.kind ?? (Object.keys(fields).length ? 'organization' : 'group');
  return { group: { kind, name: membership.group.name }, fields };
}

function membershipKey(membership: Membership | MembershipInput): string {
  const { group, fields } = canonicalMembership(membership);
  return JSON.stringify([group.kind, group.name.toLowerCase(), fields]);
}

function infoKey(info: Readonly<Record<string, unknown>>): string {
  return JSON.stringify(canonicalInfo(info));
}

/** Whether two lists of infos say the same, read from Missive or typed into a form. */
export function sameInfoList(
  a: readonly Readonly<Record<string, unknown>>[],
  b: readonly Readonly<Record<string, unknown>>[],
): boolean {
  return JSON.stringify(a.map(infoKey)) === JSON.stringify(b.map(infoKey));
}

export function sameMembershipList(
  a: readonly (Membership | MembershipInput)[],
  b: readonly (Membership | MembershipInput)[],
): boolean {
  return JSON.stringify(a.map(membershipKey)) === JSON.stringify(b.map(membershipKey));
}

/** The info as a valid request item, or undefined when Missive's version would be refused. */
export function toInfoInput(info: ContactInfo | ContactInfoInput): ContactInfoInput | undefined {
  const parsed = contactInfoInputSchema.safeParse(canonicalInfo(info));
  return parsed.success ? parsed.data : undefined;
}

export function toMembershipInput(
  membership: Membership | MembershipInput,
): MembershipInput | undefined {
  const { group, fields } = canonicalMembership(membership);
  const parsed = membershipInputSchema.safeParse({ ...fields, group });
  return parsed.success ? parsed.data : undefined;
}

/** One field of a contact, reduced so that equal meanings compare equal. */
function contactValue(contact: Contact, field: ContactField): string {
  switch (field) {
    case 'starred':
      return String(contact.starred);
    case 'infos':
      return JSON.stringify((contact.infos ?? []).map(infoKey));
    case 'memberships':
      return JSON.stringify((contact.memberships ?? []).map(membershipKey));
    default:
      return contact[field] ?? '';
  }
}

function changeValue(changes: ContactChanges, field: ContactField): string | undefined {
  switch (field) {
    case 'starred':
      return changes.starred === undefined ? undefined : String(changes.starred);
    case 'infos':
      return changes.infos && JSON.stringify(changes.infos.map(infoKey));
    case 'memberships':
      return changes.memberships && JSON.stringify(changes.memberships.map(membershipKey));
    default:
      return changes[field];
  }
}

/** The fields in which two versions of a contact differ. */
export function changedFields(base: Contact, current: Contact): ContactField[] {
  return contactFields.filter(
    (field) => contactValue(base, field) !== contactValue(current, field),
  );
}

/** The fields an agent's changes set. */
export function touchedFields(changes: ContactChanges): ContactField[] {
  return contactFields.filter((field) => changeValue(changes, field) !== undefined);
}

/**
 * Fields the agent changed that someone else changed too, to something else:
 * writing them would overwrite that other change. Both having made the same
 * change is no conflict.
 */
export function conflictingFields(
  base: Contact,
  current: Contact,
  changes: ContactChanges,
): ContactField[] {
  return touchedFields(changes).filter(
    (field) =>
      contactValue(base, field) !== contactValue(current, field) &&
      changeValue(changes, field) !== contactValue(current, field),
  );
}

/**
 * Three-way merge of a list whose items have no ids: each side's removals and
 * additions against `base`. An item both sides removed (or edited) is an
 * overlap unless both lists end up equal. An edit in place keeps its position.
 */
export function mergeLists<T>(
  base: readonly T[],
  theirs: readonly T[],
  yours: readonly T[],
  key: (item: T) => string,
): T[] | undefined {
  const baseKeys = base.map(key);
  const theirKeys = theirs.map(key);
  const yourKeys = yours.map(key);
  if (JSON.stringify(theirKeys) === JSON.stringify(yourKeys)) return [...theirs];
  const removedByThem = multisetMinus(baseKeys, theirKeys);
  const removedByYou = multisetMinus(baseKeys, yourKeys);
  if (removedByYou.some((item) => removedByThem.includes(item))) return undefined;

  const merged = [...theirs];
  const mergedKeys = [...theirKeys];
  const added = multisetMinus(yourKeys, baseKeys);
  const addedByThem = multisetMinus(theirKeys, baseKeys);
  const stillToRemove = [...removedByYou];
  yours.forEach((item, index) => {
    const itemKey = yourKeys[index] ?? '';
    if (!takeOne(added, itemKey)) return;
    // Both sides added the same item: it is there already.
    if (takeOne(addedByThem, itemKey)) return;
    // Your item replaced the base item at its own position: an edit in place.
    const replaced = baseKeys[index];
    const at = replaced === undefined ? -1 : mergedKeys.indexOf(replaced);
    if (replaced !== undefined && at >= 0 && takeOne(stillToRemove, replaced)) {
      merged[at] = item;
      mergedKeys[at] = itemKey;
    } else {
      merged.push(item);
      mergedKeys.push(itemKey);
    }
  });
  for (const removed of stillToRemove) {
    const at = mergedKeys.indexOf(removed);
    merged.splice(at, 1);
    mergedKeys.splice(at, 1);
  }
  return merged;
}

function multisetMinus(from: readonly string[], minus: readonly string[]): string[] {
  const rest = [...minus];
  return from.filter((item) => !takeOne(rest, item));
}

function takeOne(items: string[], item: string): boolean {
  const at = items.indexOf(item);
  if (at < 0) return false;
  items.splice(at, 1);
  return true;
}

function mergedInfos(base: Contact, current: Contact, yours: ContactInfoInput[]) {
  const merged = mergeLists<ContactInfo | ContactInfoInput>(
    base.infos ?? [],
    current.infos ?? [],
    yours,
    infoKey,
  );
  return allDefined(merged?.map(toInfoInput));
}

function mergedMemberships(base: Contact, current: Contact, yours: MembershipInput[]) {
  const merged = mergeLists<Membership | MembershipInput>(
    base.memberships ?? [],
    current.memberships ?? [],
    yours,
    membershipKey,
  );
  return allDefined(merged?.map(toMembershipInput));
}

/** Every item converted, or undefined when one could not be. */
function allDefined<T>(items: readonly (T | undefined)[] | undefined): T[] | undefined {
  if (!items) return undefined;
  const defined = items.filter((item) => item !== undefined);
  return defined.length === items.length ? defined : undefined;
}

/**
 * The agent's changes moved onto `current`, so that they can be sent again
 * with `base = current`: fields already as the agent wants them are dropped,
 * and lists both sides changed are merged item by item. `overlapping` names
 * what cannot merge; those fields keep the agent's version until the agent
 * chooses.
 */
export function rebaseChanges(
  base: Contact,
  current: Contact,
  changes: ContactChanges,
): { changes: ContactChanges; overlapping: ContactField[] } {
  const rebased: ContactChanges = { ...changes };
  const overlapping: ContactField[] = [];
  for (const field of conflictingFields(base, current, changes)) {
    if (field === 'infos' && changes.infos) {
      const merged = mergedInfos(base, current, changes.infos);
      if (merged) rebased.infos = merged;
      else overlapping.push(field);
    } else if (field === 'memberships' && changes.memberships) {
      const merged = mergedMemberships(base, current, changes.memberships);
      if (merged) rebased.memberships = merged;
      else overlapping.push(field);
    } else {
      overlapping.push(field);
    }
  }
  const needed: ContactChanges = {};
  for (const field of touchedFields(rebased)) {
    if (changeValue(rebased, field) !== contactValue(current, field))
      copyField(needed, rebased, field);
  }
  return { changes: needed, overlapping };
}

// K makes `to[field]` and `from[field]` the same type; it is not redundant.
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
function copyField<K extends ContactField>(to: ContactChanges, from: ContactChanges, field: K) {
  to[field] = from[field];
}

/** The fields of a conflict the agent cannot merge with one click. */
export function overlaps(base: Contact, current: Contact, changes: ContactChanges): ContactField[] {
  return rebaseChanges(base, current, changes).overlapping;
}

/**
 * The contact as it will read once `changes` are written onto it. Groups
 * keep their ids where the contact already belongs to them; a group the
 * write creates has none yet ("").
 */
export function applyChanges(current: Contact, changes: ContactChanges): Contact {
  const { infos, memberships, ...attributes } = changes;
  const next: Contact = { ...current, ...attributes };
  if (infos) next.infos = infos.map((info) => ({ ...info }));
  if (memberships) {
    next.memberships = memberships.map(({ group, ...fields }) => {
      const known = current.memberships?.find(
        (membership) =>
          membership.group.kind === group.kind &&
          membership.group.name.toLowerCase() === group.name.toLowerCase(),
      );
      return { ...fields, group: { id: known?.group.id ?? '', ...group } };
    });
  }
  return next;
}

/**
 * The changes that would set `fields` back to how `contact` has them: what
 * an undo writes. Validated, because Missive may hold values (an info
 * without a label) that a request may not carry.
 */
export function changesRestoring(
  contact: Contact,
  fields: readonly ContactField[],
): ReturnType<typeof contactChangesSchema.safeParse> {
  const restore: Record<string, unknown> = {};
  for (const field of fields) {
    if (field === 'starred') restore.starred = contact.starred;
    else if (field === 'infos') restore.infos = (contact.infos ?? []).map(canonicalInfo);
    else if (field === 'memberships') {
      restore.memberships = (contact.memberships ?? []).map((membership) => {
        const { group, fields: values } = canonicalMembership(membership);
        return { ...values, group };
      });
    } else restore[field] = contact[field] ?? '';
  }
  return contactChangesSchema.safeParse(restore);
}
