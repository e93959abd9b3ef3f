import type { TaskState } from '@crm/shared/missive/tasks';

/**
 * The seed's static tables: Brightwell's staff and labels, the names, cities
 * and companies its contacts are drawn from, and the lines its conversations,
 * comments, drafts, canned responses and tasks are written with. Nothing here
 * draws a random number; the generators in ../seed.ts and beside this file do.
 *
 * Changing a row changes the seeded inbox: seed.test.ts pins its bytes.
 * Long tables are hand-aligned rows: one entry per line would triple their length.
 */

// --- The organisation and its people ---------------------------------------

export const DOMAIN = 'brightwell.io';
export const SMS_NUMBER = '+15145550100';
export const WHATSAPP_NUMBER = '+15145550177';

export type TeamKey = 'support' | 'billing';

/** The first member owns the API token. */
export const STAFF: readonly { name: string; admin: boolean; teams: readonly TeamKey[] }[] = [
  { name: 'Camille Fortin', admin: true, teams: ['support'] },
  { name: 'Marcus Reid', admin: true, teams: ['support', 'billing'] },
  { name: 'Priya Natarajan', admin: false, teams: ['support'] },
  { name: 'Tomás Herrera', admin: false, teams: ['support'] },
  { name: 'Aiko Tanaka', admin: false, teams: ['support'] },
  { name: 'Jonas Lindqvist', admin: false, teams: ['support', 'billing'] },
  { name: 'Fatima Benali', admin: false, teams: ['billing'] },
  { name: 'Oliver Bennett', admin: false, teams: ['billing'] },
];

// --- Shared labels ---------------------------------------------------------

/** Slash paths give the tree; parents come before their children. */
export const LABELS = [
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
export type LabelPath = (typeof LABELS)[number]['path'];

// --- Contact books, companies and contacts ---------------------------------

// prettier-ignore
export const FIRST_NAMES = [
  'Amara', 'Bruno', 'Chen', 'Daniela', 'Émile', 'Farah', 'Giulia', 'Hiroshi', 'Ingrid', 'Jamal',
  'Kofi', 'Leila', 'Mateo', 'Nadia', 'Oluwaseun', 'Pooja', 'Quentin', 'Rosa', 'Sven', 'Tariq',
  'Valentina', 'Wei', 'Ximena', 'Yusuf', 'Zoë', 'Aleksander', 'Beatriz', 'Connor', 'Dimitri', 'Elif',
  'Fiona', 'Gustavo', 'Hana', 'Isaac', 'Jasmine', 'Kenji', 'Lucía', 'Malik', 'Noor', 'Oskar',
  'Rafael', 'Siobhan', 'Thabo', 'Anouk', 'Björn', 'Chloé', 'Diego', 'Esther', 'Ravi', 'Sofia',
] as const;

// prettier-ignore
export const LAST_NAMES = [
  'Okafor', 'Silva', 'Wang', 'Moreau', 'Kowalski', 'Haddad', 'Rossi', 'Nakamura', 'Johansson', 'Osei',
  'Rahman', 'García', 'Petrov', 'Nguyen', 'Müller', "O'Brien", 'Kim', 'Dubois', 'Andersson', 'Fernández',
  'Ivanova', 'Mensah', 'Patel', 'Schmidt', 'Tremblay', 'Gagnon', 'Yilmaz', 'van Dijk', 'Lindberg', 'Costa',
  'Cohen', 'Singh', 'Abe', 'Novak', 'Murphy', 'Laurent', 'Bianchi', 'Hernández', 'Adeyemi', 'Sato',
] as const;

/** Phone templates stay in the ranges reserved for fiction where a country has one. */
// prettier-ignore
export const CITIES = {
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
export type CityName = keyof typeof CITIES;

/** [name, domain, city]. The first 32 buy from Brightwell; the last 8 sell to it or resell it. */
// prettier-ignore
export const COMPANIES = [
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
export type Company = (typeof COMPANIES)[number];

export type BookKind = 'customers' | 'partners' | 'personal';
export interface BookPlan {
  kind: BookKind;
  name: string;
  description: string | null;
  companies: readonly Company[];
  groups: readonly string[];
  size: number;
}

// prettier-ignore
export const BOOK_PLANS: readonly BookPlan[] = [
  { kind: 'customers', name: 'Customers', description: 'Everyone with a Brightwell subscription, past or present.',
    companies: COMPANIES.slice(0, 32), groups: ['VIPs', 'Beta testers', 'Newsletter'], size: 240 },
  { kind: 'partners', name: 'Partners & Vendors', description: 'Resellers, integration partners and suppliers.',
    companies: COMPANIES.slice(32), groups: ['Resellers', 'Integration partners'], size: 45 },
  { kind: 'personal', name: 'My contacts', description: null,
    companies: COMPANIES.filter((_, index) => index % 9 === 4), groups: ['Conference 2024', 'Former colleagues'], size: 15 },
];

// prettier-ignore
export const JOB_TITLES = [
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
export const MEMBERSHIP_NOTES = [
  'Signs off on purchase orders.',
  'Main contact for the integration.',
] as const;
export const PREFIXES = ['Dr.', 'Ms.', 'Mr.', 'Prof.'] as const;
export const NICKNAMES = ['Sam', 'Alex', 'Jo', 'Max', 'Bea', 'Kat', 'Teddy'] as const;
export const FREEMAIL_DOMAINS = ['gmail.com', 'outlook.com', 'proton.me', 'fastmail.com'] as const;

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
export const AGENT_FOLLOW_UPS = [
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
export const TEXT_REPLIES = [
  'Hi! Thanks for texting Brightwell Support. Let me check that for you.',
  'Sorted: you should get a fresh confirmation in a minute.',
  'Could you send me the email address on the account so I can look it up?',
] as const;
export const TEXT_FOLLOW_UPS = [
  'Thank you!',
  'Got it, all good now 👍',
  'Still not working on my side.',
] as const;
export const COMMENT_LINES = [
  'Customer is on the legacy plan; check pricing before promising anything.',
  'Same issue reported by two other accounts this week.',
  'Waiting on engineering, ticket BW-1423.',
] as const;
export const MENTION_LINES = [
  'can you take this one? I am out tomorrow.',
  'could you double-check the invoice amount before we reply?',
] as const;
export const SUBTASK_TITLES = [
  'Confirm the refund went through',
  'Reproduce the bug on staging',
  'Send the reissued invoices',
  'Follow up if no reply by Friday',
] as const;

// prettier-ignore
export const ATTACHMENTS: readonly { filename: string; type: string; sub: string; width?: number; height?: number }[] = [
  { filename: 'screenshot.png', type: 'image', sub: 'png', width: 1440, height: 900 },
  { filename: 'IMG_4021.jpg', type: 'image', sub: 'jpeg', width: 1170, height: 2532 },
  { filename: 'invoice-2024-0312.pdf', type: 'application', sub: 'pdf' },
  { filename: 'bookings-export.csv', type: 'text', sub: 'csv' },
  { filename: 'console-log.txt', type: 'text', sub: 'plain' },
];

// --- Drafts, canned responses and tasks ------------------------------------

export const DRAFT_BODIES = [
  '<p>Quick update: the fix is rolling out today. I will confirm once it reaches your account.</p>',
  '<p>Just checking whether the steps above worked for you?</p>',
  '<p>Thanks for bearing with us. I have looped in a colleague and will update you tomorrow.</p>',
] as const;

/** [title, subject, body, labels]; the last two belong to a user rather than the organisation. */
// prettier-ignore
export const RESPONSES: readonly (readonly [string, string | null, string, readonly LabelPath[]])[] = [
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

/** 'todo' twice: most tasks in a live inbox are still waiting. */
export const TASK_STATES: readonly TaskState[] = ['todo', 'todo', 'in_progress', 'closed'];

// prettier-ignore
export const STANDALONE_TASKS = [
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
