import type { Contact } from '@crm/shared/missive/contacts';
import type { ReplyContact } from './template-variables';

/** Who a canned response is previewed for: a name for the picker, and what fills the variables. */
export interface SampleContact {
  id: string;
  label: string;
  values: ReplyContact;
}

/** The sample every preview starts with, so one is never empty. */
export const builtInSample: SampleContact = {
  id: 'built-in',
  label: 'Ada Lovelace, Analytical Engines',
  values: { first_name: 'Ada', last_name: 'Lovelace', company: 'Analytical Engines' },
};

/** A contact as the composer's variables see it: the company is its first organization. */
export function sampleOf(contact: Contact): SampleContact {
  const company = contact.memberships?.find((membership) => membership.group.kind !== 'group');
  const name = [contact.first_name, contact.last_name].filter(Boolean).join(' ');
  const email = contact.infos?.find((info) => info.kind === 'email')?.value;
  return {
    id: contact.id,
    label: [name || email || 'Unnamed contact', company?.group.name].filter(Boolean).join(', '),
    values: {
      first_name: contact.first_name ?? null,
      last_name: contact.last_name ?? null,
      company: company?.group.name ?? null,
    },
  };
}
