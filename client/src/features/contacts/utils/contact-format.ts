import type { ContactField } from '@crm/shared/contact-edits';
import type { Contact, ContactInfo, InfoKind, Membership } from '@crm/shared/missive/contacts';

/** How the card and the editor name things, in one place so they agree. */

export const kindTitles: Record<InfoKind, { one: string; many: string }> = {
  email: { one: 'Email', many: 'Emails' },
  phone_number: { one: 'Phone', many: 'Phones' },
  twitter: { one: 'Twitter', many: 'Twitter' },
  facebook: { one: 'Facebook', many: 'Facebook' },
  physical_address: { one: 'Address', many: 'Addresses' },
  url: { one: 'Web address', many: 'Web' },
  custom: { one: 'Custom field', many: 'Other' },
};

export function kindTitle(kind: string): string {
  return isInfoKind(kind) ? kindTitles[kind].one : kind;
}

export function isInfoKind(kind: string): kind is InfoKind {
  return Object.hasOwn(kindTitles, kind);
}

export const fieldTitles: Record<ContactField, string> = {
  first_name: 'First name',
  last_name: 'Last name',
  middle_name: 'Middle name',
  phonetic_first_name: 'Phonetic first name',
  phonetic_last_name: 'Phonetic last name',
  phonetic_middle_name: 'Phonetic middle name',
  prefix: 'Prefix',
  suffix: 'Suffix',
  nickname: 'Nickname',
  file_as: 'File as',
  gender: 'Gender',
  notes: 'Notes',
  starred: 'Starred',
  infos: 'Contact details',
  memberships: 'Organizations and groups',
};

export function labelTitle(label: string): string {
  return label.replaceAll('_', ' ');
}

export function displayName(contact: Contact): string {
  const full = [contact.prefix, contact.first_name, contact.middle_name, contact.last_name]
    .filter(Boolean)
    .join(' ');
  const withSuffix = [full, contact.suffix].filter(Boolean).join(', ');
  return withSuffix || contact.nickname || contact.file_as || 'Unnamed contact';
}

/** The label an agent chose: their own words when the label is "other". */
export function infoLabel(info: ContactInfo): string {
  if (info.label === 'other' && info.custom_label) return info.custom_label;
  return labelTitle(info.label ?? 'other');
}

export function infoText(info: ContactInfo): string {
  if (info.kind === 'facebook') return info.name ?? '';
  if (info.kind === 'physical_address') {
    const { street, extended_address, po_box, city, region, postal_code, country } = info;
    return [street, extended_address, po_box, city, region, postal_code, country]
      .filter(Boolean)
      .join(', ');
  }
  return info.value ?? '';
}

/** "Title, Department · Company": a person's place in an organization. */
export function membershipText(membership: Membership): string {
  const role = [membership.title, membership.department].filter(Boolean).join(', ');
  return [role, membership.group.name].filter(Boolean).join(' · ');
}

export function isOrganization(membership: Membership): boolean {
  return membership.group.kind !== 'group';
}

/** One field of a contact as a line or list of text, for the conflict view. */
export function fieldLines(contact: Contact, field: ContactField): string[] {
  switch (field) {
    case 'starred':
      return [contact.starred ? 'Yes' : 'No'];
    case 'infos':
      return (contact.infos ?? []).map(
        (info) => `${kindTitle(info.kind)} (${infoLabel(info)}): ${infoText(info)}`,
      );
    case 'memberships':
      return (contact.memberships ?? []).map(
        (membership) =>
          `${isOrganization(membership) ? 'Organization' : 'Group'}: ${membershipText(membership)}`,
      );
    default:
      return [contact[field] ?? ''].filter(Boolean);
  }
}
