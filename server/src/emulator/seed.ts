import type { AttachmentFile } from '@crm/shared/missive/common';
import type { ContactInfoInput } from '@crm/shared/missive/contacts';
import type { TaskState } from '@crm/shared/missive/tasks';
import type {
  AddressField,
  CannedResponseRecord,
  Channel,
  CommentRecord,
  ContactBookRecord,
  ContactGroupRecord,
  ContactRecord,
  ConversationRecord,
  DraftRecord,
  EmulatorData,
  MembershipRecord,
  MessageRecord,
  OrganizationRecord,
  PostRecord,
  SharedLabelRecord,
  TaskRecord,
  TeamRecord,
  UserConversationState,
  UserRecord,
} from './model';
import { FILES_HOST } from './files';
import { createRng, itemAt, type Rng } from './random';

/**
 * The emulator's starting data: Brightwell, a small booking-software company,
 * and the support inbox it has answered over the last three months.
 *
 * One seeded generator and one anchor ("now") drive everything, so a test, a
 * screenshot or a bug report can rebuild exactly the same inbox.
 */

export interface SeedOptions {
  /** "Now", in Unix seconds: every seeded time lies before it, scheduled sends and due dates aside. */
  anchor: number;
  seed?: number;
  /**
   * Multiplies the customers and their conversations (not the staff, labels,
   * companies or canned responses) for benchmarks: 100 gives about 30,000
   * contacts and 40,000 conversations. 1 is the everyday organisation.
   */
  scale?: number;
}

export const DEFAULT_SEED = 20_240_611;

export function createSeedData({
  anchor,
  seed = DEFAULT_SEED,
  scale = 1,
}: SeedOptions): EmulatorData {
  if (!Number.isInteger(scale) || scale < 1)
    throw new Error(`scale must be a whole number ≥ 1, not ${scale}`);
  const rng = createRng(seed);
  const staff = createStaff(rng);
  const labels = createLabels(rng, staff.organization);
  const directory = createDirectory(rng, anchor, staff, scale);
  const ties = Array.from({ length: TIE_GROUPS }, () => pastTime(rng, anchor));
  const regulars = rng.sample(directory.customers, REGULAR_COUNT * scale);
  const world: World = {
    rng,
    anchor,
    scale,
    staff,
    labels,
    directory,
    ties,
    regulars,
    reachable: new Map(),
    colleagues: new Map(),
  };
  const threads = Array.from({ length: CONVERSATION_COUNT * scale }, (_, index) =>
    createThread(world, index),
  );
  const conversations = threads.map((thread) => thread.conversation);
  ensureMeInEveryMailbox(conversations, staff.me.id);
  const { tasks, taskConversations } = createTasks(world, conversations);
  return {
    organizations: [staff.organization],
    users: staff.users,
    teams: [staff.teams.support, staff.teams.billing],
    sharedLabels: labels.records,
    contactBooks: directory.books,
    contactGroups: directory.groups,
    contacts: directory.contacts,
    conversations: [...conversations, ...taskConversations],
    messages: threads.flatMap((thread) => thread.messages),
    comments: threads.flatMap((thread) => thread.comments),
    drafts: createDrafts(world, threads),
    posts: createPosts(world, threads),
    responses: createResponses(world),
    tasks,
    hooks: [],
    reports: [],
  };
}

// --- Time ------------------------------------------------------------------

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const HISTORY = 90 * DAY;

/** A power above 1 crowds ages near zero: inboxes are busiest lately. */
function pastTime(rng: Rng, anchor: number, maxAge = HISTORY): number {
  return anchor - 5 * MINUTE - Math.floor(rng.next() ** 1.8 * maxAge);
}

function between(rng: Rng, from: number, to: number): number {
  return rng.int(from, Math.max(from, to));
}

/** `count` ascending times, human reply gaps apart, the last exactly `end`. */
function timesEndingAt(rng: Rng, end: number, count: number): number[] {
  const times = [end];
  while (times.length < count) {
    const gap = rng.chance(0.6) ? rng.int(4 * MINUTE, 3 * HOUR) : rng.int(3 * HOUR, 40 * HOUR);
    times.unshift(itemAt(times, 0) - gap);
  }
  return times;
}

/** Due dates fall either side of "now", or nowhere. */
function dueAt(rng: Rng, created: number): number | null {
  return rng.chance(0.35) ? null : created + rng.int(1, 21) * DAY;
}

// --- The organisation and its people ---------------------------------------

const DOMAIN = 'brightwell.io';
const SMS_NUMBER = '+15145550100';
const WHATSAPP_NUMBER = '+15145550177';
const CONVERSATION_COUNT = 400;
/** Customers who write in again and again, so a contact's other conversations are worth showing. */
const REGULAR_COUNT = 30;
/** The first conversations share a few exact last_activity_at seconds: paging by `until` must cope. */
const TIE_GROUPS = 6;
const TIED_CONVERSATIONS = 18;

type TeamKey = 'support' | 'billing';

/** The first member owns the API token. */
const STAFF: readonly { name: string; admin: boolean; teams: readonly TeamKey[] }[] = [
  { name: 'Camille Fortin', admin: true, teams: ['support'] },
  { name: 'Marcus Reid', admin: true, teams: ['support', 'billing'] },
  { name: 'Priya Natarajan', admin: false, teams: ['support'] },
  { name: 'Tomás Herrera', admin: false, teams: ['support'] },
  { name: 'Aiko Tanaka', admin: false, teams: ['support'] },
  { name: 'Jonas Lindqvist', admin: false, teams: ['support', 'billing'] },
  { name: 'Fatima Benali', admin: false, teams: ['billing'] },
  { name: 'Oliver Bennett', admin: false, teams: ['billing'] },
];

interface Staff {
  organization: OrganizationRecord;
  users: UserRecord[];
  me: UserRecord;
  teams: Record<TeamKey, TeamRecord>;
}

function createStaff(rng: Rng): Staff {
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

function userById(staff: Staff, id: string): UserRecord {
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

function firstWord(name: string): string {
  return name.split(' ')[0] ?? name;
}

// --- Shared labels ---------------------------------------------------------

/** Slash paths give the tree; parents come before their children. */
const LABELS = [
  { path: 'Billing', color: '#2266ED' },
  { path: 'Billing/Refunds', color: '#4C8DF6' },
  { path: 'Billing/Refunds/Approved', color: '#2E9E5B' },
  { path: 'Billing/Refunds/Pending', color: '#F5A623' },
  { path: 'Billing/Invoices', color: '#7AA7F9' },
  { path: 'Product', color: '#8E44AD' },
  { path: 'Product/Bugs', color: '#C0392B' },
  { path: 'Product/Bugs/Critical', color: '#E0245E' },
  { path: 'Product/Feature requests', color: '#9B59B6' },
  { path: 'Onboarding', color: '#16A085' },
  { path: 'Onboarding/SSO', color: '#1ABC9C' },
  { path: 'VIP', color: '#F1C40F' },
  { path: 'Follow up', color: '#E67E22' },
  { path: 'Escalated', color: '#D93F3F', delegates: true },
  { path: 'Legal', color: '#34495E', delegates: true },
] as const;
type LabelPath = (typeof LABELS)[number]['path'];

interface Labels {
  records: SharedLabelRecord[];
  id(path: LabelPath): string;
}

function createLabels(rng: Rng, organization: OrganizationRecord): Labels {
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
// Tables below are hand-aligned rows: one entry per line would triple their length.

// prettier-ignore
const FIRST_NAMES = [
  'Amara', 'Bruno', 'Chen', 'Daniela', 'Émile', 'Farah', 'Giulia', 'Hiroshi', 'Ingrid', 'Jamal',
  'Kofi', 'Leila', 'Mateo', 'Nadia', 'Oluwaseun', 'Pooja', 'Quentin', 'Rosa', 'Sven', 'Tariq',
  'Valentina', 'Wei', 'Ximena', 'Yusuf', 'Zoë', 'Aleksander', 'Beatriz', 'Connor', 'Dimitri', 'Elif',
  'Fiona', 'Gustavo', 'Hana', 'Isaac', 'Jasmine', 'Kenji', 'Lucía', 'Malik', 'Noor', 'Oskar',
  'Rafael', 'Siobhan', 'Thabo', 'Anouk', 'Björn', 'Chloé', 'Diego', 'Esther', 'Ravi', 'Sofia',
] as const;

// prettier-ignore
const LAST_NAMES = [
  'Okafor', 'Silva', 'Wang', 'Moreau', 'Kowalski', 'Haddad', 'Rossi', 'Nakamura', 'Johansson', 'Osei',
  'Rahman', 'García', 'Petrov', 'Nguyen', 'Müller', "O'Brien", 'Kim', 'Dubois', 'Andersson', 'Fernández',
  'Ivanova', 'Mensah', 'Patel', 'Schmidt', 'Tremblay', 'Gagnon', 'Yilmaz', 'van Dijk', 'Lindberg', 'Costa',
  'Cohen', 'Singh', 'Abe', 'Novak', 'Murphy', 'Laurent', 'Bianchi', 'Hernández', 'Adeyemi', 'Sato',
] as const;

/** Phone templates stay in the ranges reserved for fiction where a country has one. */
// prettier-ignore
const CITIES = {
  'Montréal': { region: 'QC', country: 'Canada', postal: 'H2X 1Y4', street: 'Rue Saint-Denis', phone: '+1 514 555-####' },
  Toronto: { region: 'ON', country: 'Canada', postal: 'M5V 2T6', street: 'King Street West', phone: '+1 416 555-####' },
  Seattle: { region: 'WA', country: 'United States', postal: '98101', street: 'Pike Street', phone: '+1 206 555-####' },
  Austin: { region: 'TX', country: 'United States', postal: '78701', street: 'Congress Avenue', phone: '+1 512 555-####' },
  London: { region: 'England', country: 'United Kingdom', postal: 'EC1V 9HX', street: 'Old Street', phone: '+44 20 7946 ####' },
  Paris: { region: 'Île-de-France', country: 'France', postal: '75011', street: 'Rue Oberkampf', phone: '+33 1 84 88 ## ##' },
  Berlin: { region: 'Berlin', country: 'Germany', postal: '10115', street: 'Invalidenstraße', phone: '+49 30 901820 ##' },
  Madrid: { region: 'Madrid', country: 'Spain', postal: '28004', street: 'Calle de Fuencarral', phone: '+34 91 555 ## ##' },
  Sydney: { region: 'NSW', country: 'Australia', postal: '2000', street: 'George Street', phone: '+61 2 5550 ####' },
  Oslo: { region: 'Oslo', country: 'Norway', postal: '0150', street: 'Karl Johans gate', phone: '+47 22 55 ## ##' },
} as const;
type CityName = keyof typeof CITIES;

/** [name, domain, city]. The first 32 buy from Brightwell; the last 8 sell to it or resell it. */
// prettier-ignore
const COMPANIES = [
  ['Bluefin Logistics', 'bluefinlogistics.com', 'Seattle'], ['Maple & Finch Bakery', 'mapleandfinch.ca', 'Montréal'],
  ['Quarry Lane Architects', 'quarrylane.co.uk', 'London'], ['Helios Solar Co-op', 'heliossolar.coop', 'Berlin'],
  ['Kestrel Analytics', 'kestrelanalytics.io', 'Toronto'], ['Oakridge Dental Group', 'oakridgedental.com', 'Austin'],
  ['Tidewater Outfitters', 'tidewateroutfitters.com', 'Seattle'], ['Nordlys Design Studio', 'nordlys.no', 'Oslo'],
  ['Copperleaf Health', 'copperleafhealth.com', 'Toronto'], ['Juniper & Vale Legal', 'junipervale.law', 'London'],
  ['Sable Creek Winery', 'sablecreek.wine', 'Sydney'], ['Atlas Freight Partners', 'atlasfreight.de', 'Berlin'],
  ['Brindle Pet Supply', 'brindlepets.com', 'Austin'], ['Lumen Education', 'lumen-edu.org', 'Montréal'],
  ['Verdant Landscaping', 'verdantyards.com', 'Seattle'], ['Pinecrest Realty', 'pinecrestrealty.com', 'Toronto'],
  ['Saffron Table Restaurants', 'saffrontable.co.uk', 'London'], ['Halcyon Travel', 'halcyontravel.fr', 'Paris'],
  ['Granite Peak Fitness', 'granitepeakfit.com', 'Austin'], ['Mirabel Cosmetics', 'mirabel-cosmetics.fr', 'Paris'],
  ['Ironwood Manufacturing', 'ironwoodmfg.com', 'Montréal'], ['Blue Heron Clinics', 'blueheronclinics.ca', 'Montréal'],
  ['Foxglove Florists', 'foxglove.flowers', 'London'], ['Sundial Accounting', 'sundialcpa.com', 'Seattle'],
  ['Cascadia Coffee Roasters', 'cascadiaroasters.com', 'Seattle'], ['Meridian Insurance', 'meridianbrokers.com.au', 'Sydney'],
  ['Polaris Events', 'polarisevents.es', 'Madrid'], ['Wrenfield Publishing', 'wrenfield.co.uk', 'London'],
  ['Tessellate Software', 'tessellate.dev', 'Berlin'], ['Riverbend Veterinary', 'riverbendvet.com', 'Austin'],
  ['Ember & Oak Furniture', 'emberandoak.com', 'Toronto'], ['Solstice Yoga Studios', 'solsticeyoga.es', 'Madrid'],
  ['Stackline Payments', 'stackline.io', 'Toronto'], ['Parcelwise Shipping', 'parcelwise.com', 'Austin'],
  ['Northgate Hosting', 'northgatehosting.net', 'Oslo'], ['Quillsoft Translations', 'quillsoft.de', 'Berlin'],
  ['Brightpath Consulting', 'brightpath.consulting', 'Montréal'], ['Relay SMS', 'relaysms.io', 'London'],
  ['Clearbox Security', 'clearbox.security', 'Paris'], ['Hummingbird Print', 'hummingbirdprint.com', 'Sydney'],
] as const satisfies readonly (readonly [string, string, CityName])[];
type Company = (typeof COMPANIES)[number];

type BookKind = 'customers' | 'partners' | 'personal';
interface BookPlan {
  kind: BookKind;
  name: string;
  description: string | null;
  companies: readonly Company[];
  groups: readonly string[];
  size: number;
}

// prettier-ignore
const BOOK_PLANS: readonly BookPlan[] = [
  { kind: 'customers', name: 'Customers', description: 'Everyone with a Brightwell subscription, past or present.',
    companies: COMPANIES.slice(0, 32), groups: ['VIPs', 'Beta testers', 'Newsletter'], size: 240 },
  { kind: 'partners', name: 'Partners & Vendors', description: 'Resellers, integration partners and suppliers.',
    companies: COMPANIES.slice(32), groups: ['Resellers', 'Integration partners'], size: 45 },
  { kind: 'personal', name: 'My contacts', description: null,
    companies: COMPANIES.filter((_, index) => index % 9 === 4), groups: ['Conference 2024', 'Former colleagues'], size: 15 },
];

// prettier-ignore
const JOB_TITLES = [
  ['Office Manager', 'Operations'], ['Head of Finance', 'Finance'], ['Accounts Payable Specialist', 'Finance'],
  ['CTO', 'Engineering'], ['Software Engineer', 'Engineering'], ['Customer Success Lead', 'Customer Success'],
  ['Founder & CEO', 'Leadership'], ['Marketing Coordinator', 'Marketing'], ['IT Administrator', 'IT'],
  ['Practice Manager', 'Operations'], ['Procurement Officer', 'Purchasing'], ['Product Manager', 'Product'],
] as const;

export const CONTACT_NOTES = [
  'Prefers email over phone; replies within a day.',
  'Renewal due in Q3. Loop in Billing before quoting anything.',
  'Met at SaaStr Europe. Interested in the API.',
  'Decision maker for a team of 40 seats.',
  'Speaks French and English, happy with either.',
] as const;
const MEMBERSHIP_NOTES = [
  'Signs off on purchase orders.',
  'Main contact for the integration.',
] as const;
const PREFIXES = ['Dr.', 'Ms.', 'Mr.', 'Prof.'] as const;
const NICKNAMES = ['Sam', 'Alex', 'Jo', 'Max', 'Bea', 'Kat', 'Teddy'] as const;
const FREEMAIL_DOMAINS = ['gmail.com', 'outlook.com', 'proton.me', 'fastmail.com'] as const;

/** A live contact as conversations need it: how to reach them and whom they work with. */
interface Person {
  contact: ContactRecord;
  first: string;
  name: string;
  email: string | null;
  /** "+" and digits, as SMS and WhatsApp senders carry it. */
  phone: string | null;
  employer: string | null;
  vip: boolean;
}

interface Directory {
  books: ContactBookRecord[];
  groups: ContactGroupRecord[];
  contacts: ContactRecord[];
  customers: Person[];
  partners: Person[];
  personal: Person[];
  /** Every email and E.164 phone in use, so that strangers never turn out to be contacts. */
  known: Set<string>;
}

function createDirectory(rng: Rng, anchor: number, staff: Staff, scale: number): Directory {
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

function e164(phone: string): string {
  return `+${phone.replace(/\D/g, '')}`;
}

function uniqueEmail(
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
function uniquePhone(rng: Rng, template: string, known: Set<string>): string {
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

// --- Conversation content --------------------------------------------------

export interface Topic {
  team: TeamKey;
  labels: readonly LabelPath[];
  subject: string;
  opening: string;
  reply: string;
  followUp: string;
  closing: string;
}

// prettier-ignore
export const TOPICS: readonly Topic[] = [
  { team: 'billing', labels: ['Billing/Refunds/Pending'], subject: 'Charged twice for our March invoice',
    opening: 'Our card was charged twice for the March invoice, $240.00 each on the same day. Could you refund the duplicate?',
    reply: 'Sorry about that! I have refunded the duplicate payment; it reaches your statement within 5–10 business days.',
    followUp: 'Thanks for the quick turnaround. Will we get a credit note for our records?',
    closing: 'Yes: the credit note is on your billing page under Invoices. Let us know if anything else looks off.' },
  { team: 'billing', labels: ['Billing/Refunds/Approved'], subject: 'Refund after downgrading to Starter',
    opening: 'We downgraded from Scale to Starter two days into the billing cycle. Is a prorated refund possible?',
    reply: 'Of course. I have approved a prorated refund of $86.40 for the unused part of the cycle.',
    followUp: 'Perfect. And the new plan price applies from next month?',
    closing: 'Exactly: Starter pricing from your next renewal. Thanks for sticking with us!' },
  { team: 'billing', labels: ['Billing/Invoices'], subject: 'VAT number missing from our invoices',
    opening: 'Our accountant noticed our VAT number is missing from the last three invoices. Can you reissue them?',
    reply: 'I have added your VAT number to the account and reissued the three invoices; they are attached.',
    followUp: 'Got them, thank you. Will future invoices include it automatically?',
    closing: 'They will: it is saved on the account now, so every new invoice carries it.' },
  { team: 'billing', labels: ['Billing'], subject: 'Switching to annual billing',
    opening: 'We would like to move to annual billing for the discount. How does the switch work mid-cycle?',
    reply: 'We credit the rest of this month and start the annual term today, with the 15% discount applied.',
    followUp: 'Sounds good, please go ahead with the switch.',
    closing: 'Done! Your annual invoice is on the billing page and the receipt is on its way.' },
  { team: 'support', labels: ['Product/Bugs'], subject: 'Google Calendar sync stopped working',
    opening: 'Since yesterday new bookings no longer show up in our staff Google Calendars. Nothing changed on our side.',
    reply: 'Thanks for flagging this. Google revoked some tokens overnight; reconnecting under Settings → Integrations fixes it.',
    followUp: 'Reconnected and bookings flow again, but yesterday’s are still missing.',
    closing: 'I have re-queued yesterday’s bookings for your account; they should appear within the hour.' },
  { team: 'support', labels: ['Product/Bugs/Critical', 'Escalated'], subject: 'CSV export crashes the app',
    opening: 'Every time I export last quarter’s bookings to CSV the page freezes, then errors. We need it for payroll.',
    reply: 'I reproduced it: exports over 10,000 rows time out. Engineering is on it; one month at a time works meanwhile.',
    followUp: 'Monthly exports work, thanks. Please tell me when the full export is fixed.',
    closing: 'The fix shipped this morning: full-quarter exports now complete in a few seconds.' },
  { team: 'support', labels: ['Product/Bugs'], subject: 'Cannot log in after password reset',
    opening: 'I reset my password this morning and now the login page just reloads without an error.',
    reply: 'An old session cookie is getting in the way. Could you try a private window, or clear cookies for brightwell.io?',
    followUp: 'The private window worked, and after clearing cookies I can log in normally.',
    closing: 'Great to hear! We are also fixing the login page so it handles stale sessions itself.' },
  { team: 'support', labels: ['Product/Feature requests'], subject: 'Feature request: recurring appointments',
    opening: 'Many of our clients book the same slot every week. Is there a way to make an appointment repeat?',
    reply: 'Not yet, but it is on our roadmap and I have added your vote. Would you like to join the beta?',
    followUp: 'Yes please, count us in!',
    closing: 'You are on the list; we will email you as soon as recurring appointments are ready to try.' },
  { team: 'support', labels: ['Onboarding/SSO'], subject: 'Help setting up SSO with Okta',
    opening: 'We are setting up single sign-on with Okta but the SAML assertion is rejected. What is the audience URI?',
    reply: 'It is https://app.brightwell.io/saml/metadata, and the attribute names are case-sensitive.',
    followUp: 'That was it. Can we now enforce SSO for all staff?',
    closing: 'Yes, under Security → Require SSO. Keep one admin with a password in case Okta is ever down.' },
  { team: 'support', labels: ['Onboarding'], subject: 'Importing our client list',
    opening: 'We are moving from our old booking tool with 3,000 clients in a spreadsheet. What format do you need?',
    reply: 'A CSV with name, email and phone columns is enough; the importer maps the rest and shows a preview.',
    followUp: 'The import worked, but phone numbers lost their leading zero.',
    closing: 'Spreadsheets drop it when phones look like numbers: format the column as text and re-import the phones.' },
  { team: 'support', labels: ['Product/Bugs'], subject: 'Webhook deliveries failing with 401',
    opening: 'Our endpoint has received your webhooks for months, but since Monday every delivery fails with a 401.',
    reply: 'We rotated signing secrets on Monday and emailed admins; the new one is under Developers → Webhooks.',
    followUp: 'Updated the secret and deliveries are green again. Can we replay the failed ones?',
    closing: 'I replayed the failed deliveries from the last 7 days, so you are all caught up.' },
  { team: 'support', labels: ['Legal'], subject: 'GDPR data deletion request',
    opening: 'A former client asked us to delete all of their personal data. How do we remove it from Brightwell?',
    reply: 'Open the client, then More → Erase personal data. It removes their details and anonymises past bookings.',
    followUp: 'Done. Do you also keep copies in your backups?',
    closing: 'Backups roll over within 30 days, after which no copy remains.' },
  { team: 'support', labels: ['Product/Bugs', 'Follow up'], subject: 'Reminder emails landing in spam',
    opening: 'Several clients say our appointment reminders land in their spam folder. Can we fix that?',
    reply: 'Adding our DKIM record to your domain usually solves it; the values are under Settings → Email sending.',
    followUp: 'We added the DNS records. How can we check they are right?',
    closing: 'Your domain shows as verified on our side now, so reminders are signed and should reach inboxes.' },
];

export const CUSTOMER_FOLLOW_UPS = [
  'Just checking in on this. Any update?',
  'One more question: does this also apply to our second location?',
  'I have attached a screenshot of what we are seeing.',
] as const;
const AGENT_FOLLOW_UPS = [
  'Thanks for your patience. I am still looking into this with our engineers.',
  'Good question! Yes, the same settings apply to every location on the account.',
  'Just following up: did that solve it for you?',
] as const;
export const TEXT_OPENINGS = [
  'Hi, I booked for 3pm tomorrow but got a confirmation for 3am?',
  'Hello! Can I move my Friday appointment to next week?',
  'Hi, the payment link in your message does not open on my phone.',
  'Hey, can our front desk get a call back about the tablet app?',
] as const;
const TEXT_REPLIES = [
  'Hi! Thanks for texting Brightwell Support. Let me check that for you.',
  'Sorted: you should get a fresh confirmation in a minute.',
  'Could you send me the email address on the account so I can look it up?',
] as const;
export const TEXT_FOLLOW_UPS = [
  'Thank you!',
  'Got it, all good now 👍',
  'Still not working on my side.',
] as const;
const COMMENT_LINES = [
  'Customer is on the legacy plan; check pricing before promising anything.',
  'Same issue reported by two other accounts this week.',
  'Waiting on engineering, ticket BW-1423.',
] as const;
const MENTION_LINES = [
  'can you take this one? I am out tomorrow.',
  'could you double-check the invoice amount before we reply?',
] as const;
const SUBTASK_TITLES = [
  'Confirm the refund went through',
  'Reproduce the bug on staging',
  'Send the reissued invoices',
  'Follow up if no reply by Friday',
] as const;

// prettier-ignore
const ATTACHMENTS: readonly { filename: string; type: string; sub: string; width?: number; height?: number }[] = [
  { filename: 'screenshot.png', type: 'image', sub: 'png', width: 1440, height: 900 },
  { filename: 'IMG_4021.jpg', type: 'image', sub: 'jpeg', width: 1170, height: 2532 },
  { filename: 'invoice-2024-0312.pdf', type: 'application', sub: 'pdf' },
  { filename: 'bookings-export.csv', type: 'text', sub: 'csv' },
  { filename: 'console-log.txt', type: 'text', sub: 'plain' },
];

function createAttachment(rng: Rng): AttachmentFile {
  const { filename, type, sub, width, height } = rng.pick(ATTACHMENTS);
  const id = rng.uuid();
  return {
    id,
    filename,
    extension: filename.slice(filename.lastIndexOf('.') + 1),
    url: `${FILES_HOST}/${id}/${filename}`,
    media_type: type,
    sub_type: sub,
    size: rng.int(12_000, 2_400_000),
    width: width ?? null,
    height: height ?? null,
  };
}

// --- Conversations, messages and comments ----------------------------------

interface World {
  rng: Rng;
  anchor: number;
  scale: number;
  staff: Staff;
  labels: Labels;
  directory: Directory;
  ties: number[];
  regulars: Person[];
  /**
   * Who in a pool can be written to by email or by phone, and each employer's
   * customers with an email, worked out once: filtering every pool per
   * conversation made a scaled seed quadratic. Same order, same draws.
   */
  reachable: Map<readonly Person[], Record<'email' | 'phone', readonly Person[]>>;
  colleagues: Map<string, readonly Person[]>;
}

/** The other side: a contact, or (about one time in seven) someone who is not one yet. */
interface Correspondent {
  person: Person | null;
  name: string | null;
  first: string | null;
  email: string | null;
  phone: string | null;
}

interface Thread {
  conversation: ConversationRecord;
  messages: MessageRecord[];
  comments: CommentRecord[];
  topic: Topic | null;
}

const MESSAGE_COUNTS = [1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 5, 6, 7, 8] as const;
/** A scaled seed keeps threads short: its benchmarks count conversations and contacts, not bodies. */
const SCALED_MESSAGE_COUNTS = [1, 1, 2, 2, 3] as const;

function createThread(world: World, index: number): Thread {
  const { rng, staff } = world;
  const roll = rng.next();
  const channel: Channel = roll < 0.8 ? 'email' : roll < 0.92 ? 'sms' : 'whatsapp';
  // Some email reaches the token owner directly, from their own contacts, outside any team.
  const direct = channel === 'email' && rng.chance(0.08);
  const topic = channel === 'email' ? rng.pick(TOPICS) : null;
  const team = direct ? null : staff.teams[topic?.team ?? 'support'];
  const access = team?.members ?? [staff.me.id];
  const who = chooseCorrespondent(world, channel, direct);
  const status = rng.next();
  const [trashed, junked, closed] = [status < 0.02, status >= 0.02 && status < 0.04, status >= 0.6];
  const open = !closed && !trashed && !junked;
  const assignees = chooseAssignees(rng, access, staff.me.id, closed);
  const agent = userById(staff, assignees[0] ?? rng.pick(access));
  const tied = index < TIED_CONVERSATIONS;
  const end = tied ? itemAt(world.ties, index % TIE_GROUPS) : pastTime(rng, world.anchor);
  const commentCount = rng.chance(0.3) ? rng.int(1, 3) : 0;
  // An internal note is sometimes the latest activity, after the last message.
  const lastIsComment = commentCount > 0 && rng.chance(0.3);
  const lastMessageAt = lastIsComment ? end - rng.int(5 * MINUTE, 6 * HOUR) : end;
  const counts = world.scale === 1 ? MESSAGE_COUNTS : SCALED_MESSAGE_COUNTS;
  const times = timesEndingAt(rng, lastMessageAt, rng.pick(counts));
  const id = rng.uuid();
  const theirs: AddressField =
    channel === 'email'
      ? { name: who.name, address: who.email }
      : { name: who.name, phone_number: who.phone };
  const cc = channel === 'email' ? ccFor(world, who) : [];
  const plan = {
    id,
    channel,
    topic,
    who,
    agent,
    ours: ourAddress(channel, team, agent),
    theirs,
    cc,
    closed,
    times,
  };
  const messages: MessageRecord[] = [];
  times.forEach((_, position) => messages.push(createMessage(rng, plan, position, messages)));
  const start = itemAt(times, 0);
  const comments = createComments(world, {
    id,
    access,
    count: commentCount,
    start,
    end,
    lastIsComment,
  });
  const labelPaths: LabelPath[] = [
    ...(topic?.labels ?? []),
    ...(who.person?.vip ? (['VIP'] as const) : []),
    ...(open && rng.chance(0.12) ? (['Follow up'] as const) : []),
  ];
  const conversation: ConversationRecord = {
    id,
    created_at: start,
    subject: topic && rng.chance(0.06) ? `${topic.subject} (${who.name ?? 'unknown'})` : null,
    color: rng.chance(0.04) ? rng.pick(['#D93F3F', '#F5A623', '#2E9E5B']) : null,
    organization: staff.organization.id,
    team: team?.id ?? null,
    team_inbox: open && team !== null,
    assignees,
    users: userStates(rng, { access, assignees, open, direct, me: staff.me.id }),
    shared_labels: [...new Set(labelPaths)].slice(0, 3).map((path) => world.labels.id(path)),
    closed,
    trashed,
    junked,
    channel,
    references: messages.flatMap((message) => message.email_message_id ?? []),
    merged_into: null,
    last_activity_at: Math.max(lastMessageAt, ...comments.map((comment) => comment.created_at)),
  };
  return { conversation, messages, comments, topic };
}

function chooseCorrespondent(world: World, channel: Channel, direct: boolean): Correspondent {
  const { rng } = world;
  if (rng.chance(0.15)) return stranger(world, channel);
  const candidates = reachableIn(world, contactPool(world, direct))[
    channel === 'email' ? 'email' : 'phone'
  ];
  if (candidates.length === 0) return stranger(world, channel);
  const person = rng.pick(candidates);
  return {
    person,
    name: person.name,
    first: person.first,
    email: person.email,
    phone: person.phone,
  };
}

function reachableIn(
  world: World,
  pool: readonly Person[],
): Record<'email' | 'phone', readonly Person[]> {
  let found = world.reachable.get(pool);
  if (!found) {
    found = {
      email: pool.filter((person) => person.email !== null),
      phone: pool.filter((person) => person.phone !== null),
    };
    world.reachable.set(pool, found);
  }
  return found;
}

/** Regulars write often and partners now and then; direct mail comes from the owner's own book. */
function contactPool(world: World, direct: boolean): readonly Person[] {
  const { rng, directory } = world;
  if (direct) return directory.personal;
  if (rng.chance(0.35)) return world.regulars;
  return rng.chance(0.12) ? directory.partners : directory.customers;
}

function stranger(world: World, channel: Channel): Correspondent {
  const { rng, directory } = world;
  const [first, last] = [rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES)];
  if (channel !== 'email') {
    // A text from an unknown number carries no name.
    const phone = uniquePhone(rng, CITIES[rng.pick(COMPANIES)[2]].phone, directory.known);
    return { person: null, name: null, first: null, email: null, phone: e164(phone) };
  }
  const domain = rng.pick(FREEMAIL_DOMAINS);
  const email = uniqueEmail(rng, first, `${last}${rng.int(1, 99)}`, domain, directory.known);
  return { person: null, name: `${first} ${last}`, first, email, phone: null };
}

/** A colleague in cc, contact or not, so some conversations have several external participants. */
function ccFor(world: World, who: Correspondent): AddressField[] {
  const { rng, directory } = world;
  const employer = who.person?.employer;
  if (!employer || !rng.chance(0.15)) return [];
  let colleagues = world.colleagues.get(employer);
  if (!colleagues) {
    colleagues = directory.customers.filter((p) => p.employer === employer && p.email);
    world.colleagues.set(employer, colleagues);
  }
  const colleague = rng.sample(
    colleagues.filter((person) => person !== who.person),
    1,
  )[0];
  if (colleague) return [{ name: colleague.name, address: colleague.email }];
  const [first, last] = [rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES)];
  const domain = who.email?.split('@')[1] ?? DOMAIN;
  return [
    { name: `${first} ${last}`, address: uniqueEmail(rng, first, last, domain, directory.known) },
  ];
}

function chooseAssignees(rng: Rng, access: readonly string[], me: string, closed: boolean) {
  if (!rng.chance(closed ? 0.7 : 0.6)) return [];
  const mine = access.includes(me) && rng.chance(0.3) ? [me] : [];
  const others = access.filter((id) => id !== me);
  return [...mine, ...rng.sample(others, rng.chance(0.15) ? 2 : 1)].slice(0, 2);
}

interface AccessContext {
  access: readonly string[];
  assignees: readonly string[];
  open: boolean;
  /** Outside any team: the conversation sits in its one user's Inbox. */
  direct: boolean;
  me: string;
}

/** A personal Inbox holds open conversations assigned to its user; snoozing takes one out for now. */
function userStates(rng: Rng, context: AccessContext): Record<string, UserConversationState> {
  const states: Record<string, UserConversationState> = {};
  for (const id of context.access) {
    const eligible = context.open && (context.direct || context.assignees.includes(id));
    const snoozed = eligible && rng.chance(0.12);
    const flagged = rng.chance(id === context.me ? 0.1 : 0.05);
    states[id] = { inbox: eligible && !snoozed, flagged, snoozed };
  }
  return states;
}

/** Where replies go out from: the team's alias, the agent's own address, or our number. */
function ourAddress(channel: Channel, team: TeamRecord | null, agent: UserRecord): AddressField {
  if (channel === 'sms') return { phone_number: SMS_NUMBER };
  if (channel === 'whatsapp') return { phone_number: WHATSAPP_NUMBER };
  if (!team) return { name: agent.name, address: agent.email };
  return { name: `Brightwell ${team.name}`, address: `${team.name.toLowerCase()}@${DOMAIN}` };
}

interface MessagePlan {
  id: string;
  channel: Channel;
  topic: Topic | null;
  who: Correspondent;
  agent: UserRecord;
  ours: AddressField;
  theirs: AddressField;
  cc: AddressField[];
  closed: boolean;
  times: readonly number[];
}

/** Customers write first and agents answer; each email threads onto every one before it. */
function createMessage(rng: Rng, plan: MessagePlan, position: number, earlier: MessageRecord[]) {
  const outgoing = position % 2 === 1;
  const email = plan.channel === 'email';
  const time = itemAt(plan.times, position);
  const subject = plan.topic?.subject ?? 'Question about my account';
  const references = earlier.flatMap((message) => message.email_message_id ?? []);
  const texts = outgoing ? TEXT_REPLIES : position === 0 ? TEXT_OPENINGS : TEXT_FOLLOW_UPS;
  const message: MessageRecord = {
    id: rng.uuid(),
    conversation: plan.id,
    type: plan.channel,
    subject: !email ? null : position === 0 ? subject : `Re: ${subject}`,
    body: email ? emailBody(rng, plan, position) : rng.pick(texts),
    // Copies, not shared objects: the emulator edits records in place.
    from_field: outgoing ? { ...plan.ours, name: plan.agent.name } : { ...plan.theirs },
    to_fields: [{ ...(outgoing ? plan.theirs : plan.ours) }],
    cc_fields: plan.cc.map((field) => ({ ...field })),
    bcc_fields: [],
    reply_to_fields: [],
    attachments: rng.chance(outgoing ? 0.04 : 0.12) ? [createAttachment(rng)] : [],
    delivered_at: time,
    created_at: time,
    updated_at: time,
    email_message_id: email ? `<${rng.uuid()}@mail.example.com>` : null,
    in_reply_to: references.slice(-1),
    references,
    external_id: null,
    outgoing,
  };
  return message;
}

/** The topic's lines open and settle the thread; stock lines fill longer back-and-forths. */
function emailBody(rng: Rng, plan: MessagePlan, position: number): string {
  const { topic, who, agent } = plan;
  if (position % 2 === 1) {
    const last = position === plan.times.length - 1;
    const reply = position === 1 ? topic?.reply : undefined;
    const text = (last && plan.closed ? topic?.closing : reply) ?? rng.pick(AGENT_FOLLOW_UPS);
    const hello = `<p>Hi ${who.first ?? 'there'},</p>`;
    return `${hello}<p>${text}</p><p>Best,<br>${agent.name}<br>Brightwell Support</p>`;
  }
  const scripted = position === 0 ? topic?.opening : position === 2 ? topic?.followUp : undefined;
  const hello = `<p>Hi ${position === 0 ? 'there' : firstWord(agent.name)},</p>`;
  return `${hello}<p>${scripted ?? rng.pick(CUSTOMER_FOLLOW_UPS)}</p><p>Thanks,<br>${who.first ?? ''}</p>`;
}

interface CommentPlan {
  id: string;
  access: readonly string[];
  count: number;
  start: number;
  end: number;
  lastIsComment: boolean;
}

function createComments(world: World, plan: CommentPlan): CommentRecord[] {
  const { rng, staff } = world;
  const times = Array.from({ length: plan.count }, () => between(rng, plan.start, plan.end));
  times.sort((a, b) => a - b);
  if (plan.lastIsComment) times.splice(-1, 1, plan.end);
  return times.map((time) => {
    const author = rng.pick(plan.access);
    const others = plan.access.filter((id) => id !== author);
    const mentioned = others.length > 0 && rng.chance(0.4) ? rng.pick(others) : null;
    const task = {
      description: rng.pick(SUBTASK_TITLES),
      state: rng.pick(TASK_STATES),
      due_at: dueAt(rng, time),
      assignees: [mentioned ?? author],
    };
    return {
      id: rng.uuid(),
      conversation: plan.id,
      body: mentioned
        ? `@${userById(staff, mentioned).name} ${rng.pick(MENTION_LINES)}`
        : rng.pick(COMMENT_LINES),
      author,
      mentions: mentioned ? [mentioned] : [],
      created_at: time,
      attachment: rng.chance(0.08) ? createAttachment(rng) : null,
      task: rng.chance(0.15) ? task : null,
    };
  });
}

/**
 * Chance alone makes each of the token owner's mailboxes likely to be filled;
 * the product's mailbox views need it certain, whatever the seed.
 */
function ensureMeInEveryMailbox(conversations: readonly ConversationRecord[], me: string): void {
  const mine = conversations.filter(
    (c) => c.team !== null && !c.closed && !c.trashed && !c.junked && me in c.users,
  );
  const has = (test: (state: UserConversationState, c: ConversationRecord) => boolean) =>
    mine.some((c) => {
      const state = c.users[me];
      return state !== undefined && test(state, c);
    });
  const wanted: [boolean, UserConversationState][] = [
    [
      has((s, c) => s.inbox && c.assignees.includes(me)),
      { inbox: true, flagged: false, snoozed: false },
    ],
    [has((s) => s.snoozed), { inbox: false, flagged: false, snoozed: true }],
    [has((s) => s.flagged), { inbox: true, flagged: true, snoozed: false }],
  ];
  wanted.forEach(([present, state], slot) => {
    const conversation = mine[slot];
    if (present || !conversation) return;
    conversation.assignees = [me, ...conversation.assignees.filter((id) => id !== me)].slice(0, 2);
    conversation.users[me] = state;
  });
}

// --- Drafts, integration posts and canned responses ------------------------

const DRAFT_BODIES = [
  '<p>Quick update: the fix is rolling out today. I will confirm once it reaches your account.</p>',
  '<p>Just checking whether the steps above worked for you?</p>',
  '<p>Thanks for bearing with us. I have looped in a colleague and will update you tomorrow.</p>',
] as const;

function createDrafts(world: World, threads: readonly Thread[]): DraftRecord[] {
  const { rng, anchor, staff } = world;
  const open = threads.filter(({ conversation: c }) => !c.closed && !c.trashed && !c.junked);
  return rng
    .sample(open, Math.round(threads.length * 0.05))
    .map(({ conversation, messages }, index) => {
      const last = itemAt(messages, messages.length - 1);
      const author = userById(
        staff,
        conversation.assignees[0] ?? rng.pick(Object.keys(conversation.users)),
      );
      const created = between(rng, last.delivered_at, conversation.last_activity_at);
      // Every fourth draft is scheduled ("send later"), every other one of those with a follow-up.
      const sendAt = index % 4 === 0 ? anchor + rng.int(2 * HOUR, 3 * DAY) : null;
      const [ours, theirs] = last.outgoing
        ? [last.from_field, last.to_fields]
        : [last.to_fields[0], [last.from_field]];
      return {
        id: rng.uuid(),
        conversation: conversation.id,
        type: conversation.channel,
        author: author.id,
        subject: last.subject === null ? null : `Re: ${last.subject.replace(/^Re: /, '')}`,
        body: `<p>Hi ${firstWord(theirs[0]?.name ?? 'there')},</p>${rng.pick(DRAFT_BODIES)}`,
        from_field: { ...ours, name: author.name },
        to_fields: theirs.map((field) => ({ ...field })),
        cc_fields: [],
        bcc_fields: [],
        attachments: [],
        send_at: sendAt,
        auto_followup: sendAt !== null && index % 8 === 0,
        created_at: created,
        updated_at: created,
      };
    });
}

function createPosts(world: World, threads: readonly Thread[]): PostRecord[] {
  const { rng } = world;
  const billing = threads.filter((thread) => thread.topic?.team === 'billing');
  const bugs = threads.filter((thread) => thread.topic?.labels.includes('Product/Bugs'));
  const post = (thread: Thread, username: string, body: string) => ({
    id: rng.uuid(),
    conversation: thread.conversation.id,
    created_at: between(rng, thread.conversation.created_at, thread.conversation.last_activity_at),
    username,
    username_icon: `${FILES_HOST}/icons/${username.toLowerCase()}.png`,
    text: null,
    notification: { title: username, body },
  });
  const stripe = rng.sample(billing, 7 * world.scale).map((thread): PostRecord => {
    const amount = `$${rng.int(29, 480)}.00`;
    const reason = rng.pick(['card_declined', 'expired_card', 'insufficient_funds']);
    const fields = [
      { title: 'Amount', value: amount, short: true },
      { title: 'Reason', value: reason, short: true },
    ];
    const attachment = { color: '#D93F3F', title: 'Payment failed', fields };
    return {
      ...post(thread, 'Stripe', `Payment of ${amount} failed`),
      markdown: null,
      attachments: [attachment],
    };
  });
  const linear = rng.sample(bugs, 5 * world.scale).map((thread): PostRecord => {
    const issue = `BW-${rng.int(1200, 1600)}`;
    const status = rng.pick(['In Progress', 'In Review', 'Done']);
    const markdown = `**${issue}** moved to *${status}* by the Platform team`;
    return { ...post(thread, 'Linear', `${issue} was updated`), markdown, attachments: [] };
  });
  return [...stripe, ...linear];
}

/** [title, subject, body, labels]; the last two belong to a user rather than the organisation. */
// prettier-ignore
const RESPONSES: readonly (readonly [string, string | null, string, readonly LabelPath[]])[] = [
  ['Greeting', null, '<p>Hi {{first_name}},</p><p>Thanks for reaching out to Brightwell Support!</p>', []],
  ['Refund approved', 'Your refund is on its way', '<p>Hi {{first_name}},</p><p>Your refund is approved and should arrive within 5–10 business days.</p><p>{{agent_name}}</p>', ['Billing/Refunds/Approved']],
  ['Invoice reissued', 'Updated invoice for {{company}}', '<p>Hi {{first_name}},</p><p>Please find the updated invoice for {{company}} attached.</p>', ['Billing/Invoices']],
  ['Reconnect calendar', null, '<p>Hi {{first_name}},</p><p>Please reconnect your calendar under Settings → Integrations.</p>', ['Product/Bugs']],
  ['Feature request logged', null, '<p>Thanks {{first_name}}! I have logged this for {{company}} and will tell you when it ships.</p>', ['Product/Feature requests']],
  ['SSO setup guide', 'Setting up SSO', '<p>Hi {{first_name}} {{last_name}},</p><p>Our SSO guide covers Okta, Azure AD and Google Workspace.</p>', ['Onboarding/SSO']],
  ['Import checklist', null, '<p>Hi {{first_name}},</p><p>Before importing, format phone columns as text, one client per row.</p>', ['Onboarding']],
  ['Closing the loop', null, '<p>Hi {{first_name}},</p><p>I will close this for now. Just reply if anything comes up!</p><p>{{agent_name}}</p>', []],
  ['My sign-off', null, '<p>Talk soon,<br>{{agent_name}}<br>Support lead, Brightwell</p>', []],
  ['Escalation to billing', null, '<p>Hi {{first_name}},</p><p>I have passed this to our billing team, who will reply within a day.</p>', ['Escalated']],
];

function createResponses(world: World): CannedResponseRecord[] {
  const { rng, anchor, staff, labels } = world;
  const owners = [staff.me, itemAt(staff.users, 1)];
  return RESPONSES.map(([title, subject, body, paths], index): CannedResponseRecord => {
    const owner = owners[index - (RESPONSES.length - owners.length)];
    const billing = paths.some((path) => path.startsWith('Billing'));
    return {
      id: rng.uuid(),
      title,
      body,
      subject,
      organization: owner ? null : staff.organization.id,
      user: owner?.id ?? null,
      share_with_team: billing ? staff.teams.billing.id : null,
      modified_at: pastTime(rng, anchor, 2 * HISTORY),
      to_fields: [],
      cc_fields: [],
      bcc_fields: [],
      attachments: [],
      shared_labels: paths.map((path) => labels.id(path)),
    };
  });
}

// --- Tasks -----------------------------------------------------------------

/** 'todo' twice: most tasks in a live inbox are still waiting. */
const TASK_STATES: readonly TaskState[] = ['todo', 'todo', 'in_progress', 'closed'];

// prettier-ignore
const STANDALONE_TASKS = [
  ['Update the refund macro for the new policy', 'Legal signed off on the 30-day window; the macro still says 14.'],
  ['Prepare the monthly support report', null],
  ['Review the spam filter rules', 'Too many legitimate replies ended up in Spam last week.'],
  ['Record a walkthrough of the CSV importer', 'For the help centre; five minutes max.'],
  ['Audit inactive seats before renewal', null],
  ['Translate the SSO guide into French', 'Several Montréal customers asked for it.'],
  ['Clean up duplicate contacts in Customers', null],
  ['Plan support coverage for the holidays', 'Two people per shift, Billing included.'],
  ['Write the incident summary for the sync outage', 'Timeline, customer impact and follow-ups.'],
  ['Onboard Oliver to the Billing queue', null],
  ['Refresh the canned responses for refunds', null],
  ['Chase Relay SMS about delivery delays', 'Texts to Australian numbers arrive minutes late.'],
] as const;

type TaskPlan = Pick<
  TaskRecord,
  'title' | 'description' | 'team' | 'assignees' | 'conversation' | 'subtask' | 'created_at'
>;

function createTask(world: World, plan: TaskPlan): TaskRecord {
  const { rng, anchor, staff } = world;
  return {
    ...plan,
    id: rng.uuid(),
    state: rng.pick(TASK_STATES),
    organization: staff.organization.id,
    due_at: dueAt(rng, plan.created_at),
    last_activity_at: between(rng, plan.created_at, anchor - MINUTE),
  };
}

function createTasks(world: World, conversations: readonly ConversationRecord[]) {
  const { rng, anchor, staff } = world;
  const live = conversations.filter((c) => c.team !== null && !c.trashed && !c.junked);
  const subtasks = rng.sample(live, 28 * world.scale).map((conversation) => {
    const fallback = [rng.pick(Object.keys(conversation.users))];
    return createTask(world, {
      title: rng.pick(SUBTASK_TITLES),
      description: null,
      team: conversation.team,
      assignees: conversation.assignees.length > 0 ? [...conversation.assignees] : fallback,
      conversation: conversation.id,
      subtask: true,
      created_at: between(rng, conversation.created_at, conversation.last_activity_at),
    });
  });
  const teams = [staff.teams.support, staff.teams.billing];
  // To Missive, a standalone task is a conversation of its own, without messages.
  const standalone = STANDALONE_TASKS.map(([title, description]) => {
    const team = rng.chance(0.6) ? rng.pick(teams) : null;
    const members = team?.members ?? staff.users.map((user) => user.id);
    const assignees = rng.sample(members, team && rng.chance(0.3) ? 0 : rng.int(1, 2));
    const task = createTask(world, {
      title,
      description,
      team: team?.id ?? null,
      assignees,
      conversation: rng.uuid(),
      subtask: false,
      created_at: pastTime(rng, anchor, 60 * DAY),
    });
    const open = task.state !== 'closed';
    const access = team ? members : assignees;
    const conversation: ConversationRecord = {
      id: task.conversation,
      created_at: task.created_at,
      subject: title,
      color: null,
      organization: staff.organization.id,
      team: task.team,
      team_inbox: open && team !== null,
      assignees: [...assignees],
      users: userStates(rng, { access, assignees, open, direct: false, me: staff.me.id }),
      shared_labels: [],
      closed: !open,
      trashed: false,
      junked: false,
      channel: 'custom',
      references: [],
      merged_into: null,
      last_activity_at: task.last_activity_at,
    };
    return { task, conversation };
  });
  return {
    tasks: [...subtasks, ...standalone.map((entry) => entry.task)],
    taskConversations: standalone.map((entry) => entry.conversation),
  };
}
