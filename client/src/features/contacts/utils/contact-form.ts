import type { FieldPath, UseFormReturn } from 'react-hook-form';
import {
  canonicalInfo,
  contactChangesSchema,
  contactTextFields,
  sameInfoList,
  type ContactChanges,
  sameMembershipList,
  type ContactTextField,
} from '@crm/shared/contact-edits';
import {
  infoLabels,
  type Contact,
  type InfoKind,
  type MembershipInput,
} from '@crm/shared/missive/contacts';
import { isInfoKind } from './contact-format';

/**
 * The editor's form: every value a string (or the starred flag) so inputs
 * stay controlled and nothing typed is ever dropped, converted to the
 * request's shape only when saving.
 */

export const addressKeys = [
  'street',
  'extended_address',
  'po_box',
  'city',
  'region',
  'postal_code',
  'country',
] as const;
export type AddressKey = (typeof addressKeys)[number];

const infoRowKeys = ['kind', 'label', 'custom_label', 'value', 'name', ...addressKeys] as const;
type InfoRowKey = (typeof infoRowKeys)[number];
export type InfoRow = Record<InfoRowKey, string>;

export const organizationKeys = ['title', 'department', 'location', 'description'] as const;
const membershipRowKeys = ['kind', 'name', ...organizationKeys] as const;
type MembershipRowKey = (typeof membershipRowKeys)[number];
export type MembershipRow = Record<Exclude<MembershipRowKey, 'kind'>, string> & {
  kind: 'organization' | 'group';
};

export type ContactFormValues = Record<ContactTextField, string> & {
  starred: boolean;
  infos: InfoRow[];
  memberships: MembershipRow[];
};

/** The editor's form: typed as its inputs hold the contact, submitting the changes. */
export type ContactForm = UseFormReturn<ContactFormValues, unknown, ContactChanges>;

export function emptyInfoRow(kind: InfoKind = 'email'): InfoRow {
  return {
    kind,
    label: infoLabels[kind][0],
    custom_label: '',
    value: '',
    name: '',
    street: '',
    extended_address: '',
    po_box: '',
    city: '',
    region: '',
    postal_code: '',
    country: '',
  };
}

export function emptyMembershipRow(kind: MembershipRow['kind']): MembershipRow {
  return { kind, name: '', title: '', department: '', location: '', description: '' };
}

export function toFormValues(contact: Contact): ContactFormValues {
  return {
    first_name: contact.first_name ?? '',
    last_name: contact.last_name ?? '',
    middle_name: contact.middle_name ?? '',
    phonetic_first_name: contact.phonetic_first_name ?? '',
    phonetic_last_name: contact.phonetic_last_name ?? '',
    phonetic_middle_name: contact.phonetic_middle_name ?? '',
    prefix: contact.prefix ?? '',
    suffix: contact.suffix ?? '',
    nickname: contact.nickname ?? '',
    file_as: contact.file_as ?? '',
    gender: contact.gender ?? '',
    notes: contact.notes ?? '',
    starred: contact.starred,
    infos: (contact.infos ?? []).map((info) => ({ ...emptyInfoRow(), ...canonicalInfo(info) })),
    memberships: (contact.memberships ?? []).map((membership) => ({
      kind: membership.group.kind ?? 'organization',
      name: membership.group.name,
      title: membership.title ?? '',
      department: membership.department ?? '',
      location: membership.location ?? '',
      description: membership.description ?? '',
    })),
  };
}

/** The labels Missive accepts for a kind; an unknown kind keeps the label it has. */
export function labelsFor(kind: string): readonly string[] {
  return isInfoKind(kind) ? infoLabels[kind] : [];
}

/** A row as a request item: only the parts its kind uses, custom_label only beside "other". */
function infoFromRow(row: InfoRow): Record<string, string> {
  const info: Record<string, string> = { kind: row.kind, label: row.label };
  if (row.label === 'other' && row.custom_label.trim() !== '') {
    info.custom_label = row.custom_label;
  }
  if (row.kind === 'facebook') info.name = row.name;
  else if (row.kind === 'physical_address') {
    for (const key of addressKeys) if (row[key].trim() !== '') info[key] = row[key];
  } else info.value = row.value;
  return info;
}

function membershipFromRow(row: MembershipRow): MembershipInput {
  const membership: MembershipInput = { group: { kind: row.kind, name: row.name } };
  if (row.kind === 'organization') {
    for (const key of organizationKeys) if (row[key].trim() !== '') membership[key] = row[key];
  }
  return membership;
}

/**
 * What the agent changed, validated by the shared schema. Untouched fields
 * are left out, so a value Missive holds that a request could not carry
 * does not block an edit elsewhere, and the gateway sees exactly what
 * this agent meant to change.
 */
export function formChanges(base: Contact, values: ContactFormValues) {
  const changes: Record<string, unknown> = {};
  for (const field of contactTextFields) {
    if (values[field] !== (base[field] ?? '')) changes[field] = values[field];
  }
  if (values.starred !== base.starred) changes.starred = values.starred;
  const infos = values.infos.map(infoFromRow);
  if (!sameInfoList(infos, base.infos ?? [])) changes.infos = infos;
  const memberships = values.memberships.map(membershipFromRow);
  if (!sameMembershipList(memberships, base.memberships ?? [])) changes.memberships = memberships;
  return contactChangesSchema.safeParse(changes);
}

export type FormPath = FieldPath<ContactFormValues>;

function isTextField(key: string): key is ContactTextField {
  return (contactTextFields as readonly string[]).includes(key);
}

function isKeyOf<K extends string>(keys: readonly K[], key: unknown): key is K {
  return typeof key === 'string' && (keys as readonly string[]).includes(key);
}

/**
 * Where a problem in the request (`infos.2.value`, `memberships.0.group.name`)
 * shows in the form; undefined when no input holds that value.
 */
export function formPathOf(path: readonly (string | number | symbol)[]): FormPath | undefined {
  const [head, index, key, subKey] = path;
  if (head === 'infos' && typeof index === 'number') {
    return `infos.${index}.${isKeyOf(infoRowKeys, key) ? key : 'kind'}`;
  }
  if (head === 'memberships' && typeof index === 'number') {
    if (key === 'group') return `memberships.${index}.${subKey === 'kind' ? 'kind' : 'name'}`;
    return `memberships.${index}.${isKeyOf(membershipRowKeys, key) ? key : 'name'}`;
  }
  if (head === 'starred') return 'starred';
  if (typeof head === 'string' && isTextField(head)) return head;
  return undefined;
}
