import type { ContactInfoInput } from '@crm/shared/missive/contacts';
import type {
  ContactBookRecord,
  ContactGroupRecord,
  ContactRecord,
  MembershipRecord,
  OrganizationRecord,
  SharedLabelRecord,
  TeamRecord,
  UserRecord,
} from '../model';
import { itemAt, type Rng } from '../random';
import {
  BOOK_PLANS,
  CITIES,
  CONTACT_NOTES,
  DOMAIN,
  FIRST_NAMES,
  FREEMAIL_DOMAINS,
  JOB_TITLES,
  LABELS,
  LAST_NAMES,
  MEMBERSHIP_NOTES,
  NICKNAMES,
  PREFIXES,
  STAFF,
  type BookPlan,
  type CityName,
  type Company,
  type LabelPath,
  type TeamKey,
} from './tables';
import { DAY, HISTORY, pastTime } from './time';

/**
 * Who the inbox is about: Brightwell's staff and teams, its shared labels,
 * and the contact books with their companies, groups and contacts. Drawn
 * first, so that conversations can be written by and to these people.
 */

// --- The organisation and its people ---------------------------------------

export interface Staff {
  organization: OrganizationRecord;
  users: UserRecord[];
  me: UserRecord;
  teams: Record<TeamKey, TeamRecord>;
}

export function createStaff(rng: Rng): Staff {
  const organization = { id: rng.uuid(), name: 'Brightwell' };
  const users = STAFF.map((member, index): UserRecord => ({
    id: rng.uuid(),
    name: member.name,
    email: `${slug(firstWord(member.name))}@${DOMAIN}`,
    avatar_url: index % 3 === 2 ? null : `https://cdn.${DOMAIN}/avatars/${slug(member.name)}.jpg`,
    me: index === 0,
    organization: organization.id,
    admin: member.admin,
  }));
  const team = (key: TeamKey, name: string): TeamRecord => ({
    id: rng.uuid(),
    name,
    organization: organization.id,
    members: users.filter((_, index) => STAFF[index]?.teams.includes(key)).map((user) => user.id),
  });
  const teams = { support: team('support', 'Support'), billing: team('billing', 'Billing') };
  return { organization, users, me: itemAt(users, 0), teams };
}

export function userById(staff: Staff, id: string): UserRecord {
  const user = staff.users.find((candidate) => candidate.id === id);
  if (!user) throw new Error(`unknown user ${id}`);
  return user;
}

/** "Tomás O'Brien" → "tomasobrien": ASCII for email local parts and URLs. */
function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

export function firstWord(name: string): string {
  return name.split(' ')[0] ?? name;
}

// --- Shared labels ---------------------------------------------------------

export interface Labels {
  records: SharedLabelRecord[];
  id(path: LabelPath): string;
}

export function createLabels(rng: Rng, organization: OrganizationRecord): Labels {
  const ids = new Map<string, string>();
  const id = (path: string): string => {
    const found = ids.get(path);
    if (found === undefined) throw new Error(`unknown label ${path}`);
    return found;
  };
  const records = LABELS.map((label): SharedLabelRecord => {
    const cut = label.path.lastIndexOf('/');
    ids.set(label.path, rng.uuid());
    return {
      id: id(label.path),
      name: label.path.slice(cut + 1),
      color: label.color,
      parent: cut < 0 ? null : id(label.path.slice(0, cut)),
      organization: organization.id,
      share_with_organization: true,
      share_with_team: null,
      share_with_users: [],
      visibility: 'delegates' in label ? 'delegates' : 'organization',
    };
  });
  return { records, id };
}

// --- Contact books, companies and contacts ---------------------------------

/** A live contact as conversations need it: how to reach them and whom they work with. */
export interface Person {
  contact: ContactRecord;
  first: string;
  name: string;
  email: string | null;
  /** "+" and digits, as SMS and WhatsApp senders carry it. */
  phone: string | null;
  employer: string | null;
  vip: boolean;
}

export interface Directory {
  books: ContactBookRecord[];
  groups: ContactGroupRecord[];
  contacts: ContactRecord[];
  customers: Person[];
  partners: Person[];
  personal: Person[];
  /** Every email and E.164 phone in use, so that strangers never turn out to be contacts. */
  known: Set<string>;
}

export function createDirectory(rng: Rng, anchor: number, staff: Staff, scale: number): Directory {
  const directory: Directory = {
    books: [],
    groups: [],
    contacts: [],
    customers: [],
    partners: [],
    personal: [],
    known: new Set(),
  };
  for (const plan of BOOK_PLANS) {
    const shared = plan.kind !== 'personal';
    const book: ContactBookRecord = {
      id: rng.uuid(),
      user: staff.me.id,
      share_with_organization: shared,
      share_with_team: null,
      share_with_users: [],
      organization: shared ? staff.organization.id : null,
      name: plan.name,
      description: plan.description,
    };
    const group = (kind: ContactGroupRecord['kind'], name: string): ContactGroupRecord => ({
      id: rng.uuid(),
      contact_book: book.id,
      kind,
      name,
    });
    const employers = plan.companies.map((company) => ({
      company,
      group: group('organization', company[0]),
    }));
    const groups = plan.groups.map((name) => group('group', name));
    directory.books.push(book);
    directory.groups.push(...employers.map((employer) => employer.group), ...groups);
    for (let count = 0; count < plan.size * scale; count += 1) {
      const { company, group: employer } = rng.pick(employers);
      const context = { anchor, plan, book, company, employer, groups, known: directory.known };
      const person = createPerson(rng, context);
      directory.contacts.push(person.contact);
      directory[plan.kind].push(person);
    }
  }
  // A few deleted contacts exercise `include_deleted`; nobody writes in from them any more.
  for (const person of rng.sample(directory.customers, 5 * scale)) {
    person.contact.deleted = true;
    person.contact.modified_at = pastTime(rng, anchor, 20 * DAY);
  }
  directory.customers = directory.customers.filter((person) => !person.contact.deleted);
  return directory;
}

interface PersonContext {
  anchor: number;
  plan: BookPlan;
  book: ContactBookRecord;
  company: Company;
  employer: ContactGroupRecord;
  groups: readonly ContactGroupRecord[];
  known: Set<string>;
}

function createPerson(rng: Rng, context: PersonContext): Person {
  const [first, last] = [rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES)];
  const [, domain, city] = context.company;
  const email = rng.chance(0.94) ? uniqueEmail(rng, first, last, domain, context.known) : null;
  const phone = rng.chance(0.6) ? uniquePhone(rng, CITIES[city].phone, context.known) : null;
  const memberships = createMemberships(rng, context);
  const contact: ContactRecord = {
    id: rng.uuid(),
    contact_book: context.book.id,
    first_name: first,
    last_name: last,
    ...(rng.chance(0.08) ? { middle_name: rng.pick(FIRST_NAMES) } : {}),
    ...(rng.chance(0.08) ? { prefix: rng.pick(PREFIXES) } : {}),
    ...(rng.chance(0.05) ? { nickname: rng.pick(NICKNAMES) } : {}),
    ...(rng.chance(0.15) ? { notes: rng.pick(CONTACT_NOTES) } : {}),
    starred: rng.chance(0.1),
    infos: createInfos(rng, { ...context, first, last, email, phone }),
    memberships,
    modified_at: pastTime(rng, context.anchor, 2 * HISTORY),
    deleted: false,
  };
  const vipGroup = context.groups.find((group) => group.name === 'VIPs');
  const inGroup = (id: string | undefined) => memberships.some((m) => m.group === id);
  return {
    contact,
    first,
    name: `${first} ${last}`,
    email,
    phone: phone === null ? null : e164(phone),
    employer: inGroup(context.employer.id) ? context.employer.id : null,
    vip: contact.starred || inGroup(vipGroup?.id),
  };
}

export function e164(phone: string): string {
  return `+${phone.replace(/\D/g, '')}`;
}

export function uniqueEmail(
  rng: Rng,
  first: string,
  last: string,
  domain: string,
  known: Set<string>,
): string {
  const [f, l] = [slug(first), slug(last)];
  const local = rng.pick([`${f}.${l}`, `${f.slice(0, 1)}${l}`, f]);
  let email = `${local}@${domain}`;
  for (let suffix = 2; known.has(email); suffix += 1) email = `${local}${suffix}@${domain}`;
  known.add(email);
  return email;
}

/**
 * Fills a template's `#`s with digits, until the number is one nobody has.
 * A scaled seed can use up a template (Berlin's has only 100 numbers): after
 * 32 draws that are all taken, one more digit of the template becomes free.
 * An everyday seed never comes near that, so its draws are unchanged.
 */
export function uniquePhone(rng: Rng, template: string, known: Set<string>): string {
  for (let draw = 0; draw < 32; draw += 1) {
    const phone = template.replace(/#/g, () => String(rng.int(0, 9)));
    if (!known.has(e164(phone))) {
      known.add(e164(phone));
      return phone;
    }
  }
  const wider = template.replace(/\d(?=[^\d#]*#)/, '#');
  if (wider === template) throw new Error(`every number of "${template}" is taken`);
  return uniquePhone(rng, wider, known);
}

type InfoSource = PersonContext & {
  first: string;
  last: string;
  email: string | null;
  phone: string | null;
};

/** Each label used here is one `infoLabels` allows for its kind; custom_label only with 'other'. */
function createInfos(rng: Rng, person: InfoSource): ContactInfoInput[] {
  const [, domain, city] = person.company;
  const other = (customLabel: string) => ({ label: 'other' as const, custom_label: customLabel });
  const custom = (customLabel: string, value: string): ContactInfoInput => ({
    kind: 'custom',
    value,
    ...other(customLabel),
  });
  const infos: ContactInfoInput[] = [];
  const maybe = (chance: number, info: () => ContactInfoInput): void => {
    if (rng.chance(chance)) infos.push(info());
  };
  if (person.email !== null) {
    const label = rng.chance(0.05) ? other('Billing contact') : { label: 'work' as const };
    infos.push({ kind: 'email', value: person.email, ...label });
  }
  if (person.phone !== null) {
    const kinds = ['mobile', 'work', 'main'] as const;
    const label = rng.chance(0.1) ? other('Direct line') : { label: rng.pick(kinds) };
    infos.push({ kind: 'phone_number', value: person.phone, ...label });
  }
  const [first, last] = [slug(person.first), slug(person.last)];
  // Free-mail addresses are crowded: a number keeps "maria.garcia@" plausible.
  const numbered = `${person.last}${rng.int(1, 99)}`;
  maybe(0.12, () => ({
    kind: 'email',
    label: 'personal',
    value: uniqueEmail(rng, person.first, numbered, rng.pick(FREEMAIL_DOMAINS), person.known),
  }));
  maybe(0.2, () => postalAddress(rng, city));
  maybe(0.15, () => ({
    kind: 'url',
    label: 'profile',
    value: `https://www.linkedin.com/in/${first}-${last}`,
  }));
  maybe(0.08, () => ({ kind: 'url', label: 'work', value: `https://www.${domain}/` }));
  maybe(0.03, () => ({ kind: 'url', value: `https://status.${domain}/`, ...other('Status page') }));
  maybe(0.1, () => ({
    kind: 'twitter',
    label: 'personal',
    value: `@${first}${last}`.slice(0, 16),
  }));
  maybe(0.05, () => ({
    kind: 'facebook',
    label: 'personal',
    name: `${person.first} ${person.last}`,
  }));
  if (person.plan.kind === 'customers') {
    maybe(0.6, () => custom('Customer ID', `CUS-${rng.int(10_000, 99_999)}`));
    maybe(0.4, () => custom('Plan', rng.pick(['Starter', 'Growth', 'Scale', 'Enterprise'])));
  }
  if (person.plan.kind === 'partners') {
    maybe(0.5, () => custom('Partner tier', rng.pick(['Gold', 'Silver'])));
  }
  return infos;
}

function postalAddress(rng: Rng, city: CityName): ContactInfoInput {
  const { street, region, postal, country } = CITIES[city];
  return {
    kind: 'physical_address',
    label: rng.chance(0.85) ? 'work' : 'home',
    street: `${rng.int(2, 980)} ${street}`,
    ...(rng.chance(0.3) ? { extended_address: `Suite ${rng.int(100, 1900)}` } : {}),
    city,
    region,
    postal_code: postal,
    country,
  };
}

function createMemberships(rng: Rng, context: PersonContext): MembershipRecord[] {
  const memberships: MembershipRecord[] = [];
  if (rng.chance(0.92)) {
    const [title, department] = rng.pick(JOB_TITLES);
    memberships.push({
      group: context.employer.id,
      title,
      ...(rng.chance(0.5) ? { department } : {}),
      ...(rng.chance(0.3) ? { location: context.company[2] } : {}),
      ...(rng.chance(0.08) ? { description: rng.pick(MEMBERSHIP_NOTES) } : {}),
    });
  }
  // Groups are plain tags: Missive refuses title and the like on them.
  const groups = rng.sample(context.groups, rng.chance(0.25) ? rng.int(1, 2) : 0);
  return [...memberships, ...groups.map((group) => ({ group: group.id }))];
}
