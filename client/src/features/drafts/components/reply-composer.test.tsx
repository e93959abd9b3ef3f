import type { ReactElement } from 'react';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { draftCreateBody, type Draft } from '@crm/shared/missive/drafts';
import type { CannedResponse } from '@crm/shared/missive/responses';
import type { MissiveHost } from '@/host/host';
import { HostProvider } from '@/host/host-context';
import { createNoneHost } from '@/host/none-host';
import { jsonResponse } from '@/test/http';
import { stubMissive, type MissiveRequest } from '@/test/missive-stub';
import { createHostWithActions, renderWithProviders } from '@/test/render-with-providers';
import { ReplyComposer, type ReplyRecipient } from './reply-composer';

function draft(overrides: Partial<Draft> & { id: string }): Draft {
  return {
    conversation: 'conversation-1',
    type: 'email',
    subject: null,
    preview: null,
    body: '',
    from_field: null,
    to_fields: [],
    cc_fields: [],
    bcc_fields: [],
    attachments: [],
    send_at: null,
    auto_followup: false,
    created_at: 1_700_000_000,
    updated_at: 1_700_000_000,
    ...overrides,
  };
}

function cannedResponse(
  id: string,
  title: string,
  subject: string | null,
  body: string,
): CannedResponse {
  return {
    id,
    title,
    subject,
    body,
    organization: 'org-1',
    user: null,
    share_with_team: null,
    modified_at: 1_700_000_000,
    to_fields: [],
    cc_fields: [],
    bcc_fields: [],
    shared_labels: [],
    attachments: [],
  };
}

const responses = [
  cannedResponse(
    'r-invoice',
    'Invoice reissued',
    'Updated invoice for {{company}}',
    '<p>Hi {{first_name}} ({{full_name}}), order {{order_id}} is fixed.</p><p>{{agent_name}}</p>',
  ),
];
const users = [
  { id: 'u-bob', me: false, email: 'bob@acme.test', name: 'Bob Stone', avatar_url: null },
  { id: 'u-grace', me: true, email: 'grace@acme.test', name: 'Grace Hopper', avatar_url: null },
];

const draftsPath = (conversationId: string) => `/conversations/${conversationId}/drafts`;

const scheduledReply = draft({
  id: 'd-old',
  subject: 'Re: Refund',
  preview: 'Checking with billing',
  to_fields: [{ address: 'ada@example.com', name: 'Ada Lovelace' }],
  send_at: Math.floor(new Date(2031, 0, 5, 9, 0).getTime() / 1000),
  auto_followup: true,
});

/**
 * Reads from fixtures, the conversation's drafts from `drafts`; writes
 * answer `write(request)`, by default as Missive does, changing `drafts` so
 * the next read sees the change.
 */
function stubDrafts({
  drafts = [scheduledReply],
  write,
}: { drafts?: Draft[]; write?: (request: MissiveRequest) => Response } = {}) {
  const stub = stubMissive((request) => {
    if (request.method === 'GET') {
      if (request.path === '/responses') return jsonResponse({ responses });
      if (request.path === '/users') return jsonResponse({ users });
      return jsonResponse({ drafts });
    }
    if (write) return write(request);
    if (request.method === 'DELETE') {
      drafts.splice(0, drafts.length);
      return jsonResponse({ drafts: { id: 'd-old', conversation: 'conversation-1' } });
    }
    const fields = draftCreateBody.parse(request.body).drafts;
    const saved = draft({ id: 'd-new', subject: fields.subject ?? null, body: fields.body ?? '' });
    if (!fields.send) drafts.unshift(saved);
    return jsonResponse({ drafts: saved });
  });
  /** The reads of a conversation's drafts list. */
  const draftReads = (conversationId = 'conversation-1') =>
    stub.requests.filter(
      (request) => request.method === 'GET' && request.path === draftsPath(conversationId),
    );
  return { ...stub, draftReads };
}

/**
 * The composer as the sidebar shows it for conversation-1; `draftsCount`
 * is the conversation's own count of drafts (one, unless a test says).
 */
async function renderComposer({
  host,
  draftsCount = 1,
}: { host?: MissiveHost; draftsCount?: number | undefined } = {}) {
  const rendered = renderWithProviders(
    <ReplyComposer
      conversationId="conversation-1"
      subject="Refund for order 1042"
      recipients={[
        { address: 'ada@example.com', name: 'Ada Lovelace' },
        { address: 'billing@example.com', name: null },
      ]}
      contact={{ first_name: 'Ada', last_name: 'Lovelace', company: 'Analytical Engines' }}
      draftsCount={draftsCount}
    />,
    host ? { host } : {},
  );
  await formLoaded();
  return rendered;
}

/** The form's code is loaded when the composer is first shown. */
async function formLoaded() {
  await screen.findByRole('form', { name: 'Reply' });
}

/** Waits until no read is under way, so one started by any of them would show. */
async function settled(queryClient: QueryClient) {
  await waitFor(() => {
    expect(queryClient.isFetching()).toBe(0);
  });
}

function form() {
  return screen.getByRole('form', { name: 'Reply' });
}

function files(count: number, size = 5): File[] {
  return Array.from(
    { length: count },
    (_, index) => new File(['x'.repeat(size)], `file-${index}.txt`),
  );
}

async function pickCannedResponse() {
  const select = screen.getByRole('combobox', { name: 'Canned response' });
  await within(select).findByRole('option', { name: 'Invoice reissued' });
  // Enabled once the agent's name is known too.
  await waitFor(() => {
    expect(select).toBeEnabled();
  });
  await userEvent.selectOptions(select, 'Invoice reissued');
}

describe('ReplyComposer', () => {
  it('prefills the recipients and fills a canned response’s variables, flagging the unknown', async () => {
    stubDrafts();
    await renderComposer();
    expect(within(form()).getByLabelText('To')).toHaveValue('ada@example.com, billing@example.com');
    expect(within(form()).getByLabelText('Subject')).toHaveValue('Re: Refund for order 1042');

    await pickCannedResponse();

    expect(within(form()).getByLabelText('Subject')).toHaveValue(
      'Updated invoice for Analytical Engines',
    );
    expect(within(form()).getByLabelText('Message')).toHaveValue(
      '<p>Hi Ada (Ada Lovelace), order {{order_id}} is fixed.</p><p>Grace Hopper</p>',
    );
    expect(screen.getByText('Not filled in yet:').parentElement).toHaveTextContent(
      '{{order_id}} is not a known variable',
    );
  });

  it('prefills recipients and subject that arrive after it mounted, unless the agent typed there', async () => {
    stubDrafts();
    const host = createNoneHost(['conversation-1']);
    const composer = (subject: string | null, recipients: ReplyRecipient[]) => (
      <ReplyComposer
        conversationId="conversation-1"
        subject={subject}
        recipients={recipients}
        contact={null}
        draftsCount={undefined}
      />
    );
    const { rerender, queryClient } = renderWithProviders(composer(null, []), { host });
    await formLoaded();
    const wrapped = (ui: ReactElement) => (
      <QueryClientProvider client={queryClient}>
        <HostProvider host={host}>{ui}</HostProvider>
      </QueryClientProvider>
    );
    expect(within(form()).getByLabelText('To')).toHaveValue('');
    await userEvent.type(within(form()).getByLabelText('Subject'), 'My own subject');

    // The conversation and its participants load, as they do in the sidebar.
    rerender(wrapped(composer('Refund', [{ address: 'ada@example.com', name: 'Ada Lovelace' }])));

    expect(within(form()).getByLabelText('To')).toHaveValue('ada@example.com');
    expect(within(form()).getByLabelText('Subject')).toHaveValue('My own subject');
  });

  it('will not send while a variable is unfilled, but saves the draft', async () => {
    const { writes } = stubDrafts();
    await renderComposer();
    await userEvent.click(within(form()).getByLabelText('Message'));
    await userEvent.paste('Your order {{order_id}}');

    await userEvent.click(within(form()).getByRole('button', { name: 'Send now' }));
    expect(within(form()).getByRole('alert')).toHaveTextContent(
      'Replace {{order_id}} before sending, or save the reply as a draft.',
    );
    expect(writes()).toEqual([]);

    await userEvent.click(within(form()).getByRole('button', { name: 'Save draft' }));
    expect(await within(form()).findByText('Saved as a draft.')).toBeInTheDocument();
    expect(writes().map((request) => [request.method, request.path, request.body])).toEqual([
      [
        'POST',
        '/drafts',
        {
          drafts: {
            conversation: 'conversation-1',
            subject: 'Re: Refund for order 1042',
            body: 'Your order {{order_id}}',
            to_fields: [
              { address: 'ada@example.com', name: 'Ada Lovelace' },
              { address: 'billing@example.com' },
            ],
          },
        },
      ],
    ]);
  });

  it('sends now with edited recipients and clears the form once sent', async () => {
    const { writes } = stubDrafts();
    await renderComposer();
    const to = within(form()).getByLabelText('To');
    await userEvent.clear(to);
    await userEvent.type(to, 'ada@example.com, Carl <carl@example.com>');
    await userEvent.type(within(form()).getByLabelText('Message'), 'Done.{Enter}Thanks');

    await userEvent.click(within(form()).getByRole('button', { name: 'Send now' }));

    expect(await within(form()).findByText('Sent.')).toBeInTheDocument();
    expect(writes()[0]?.body).toEqual({
      drafts: {
        conversation: 'conversation-1',
        subject: 'Re: Refund for order 1042',
        body: 'Done.<br>Thanks',
        to_fields: [
          { address: 'ada@example.com', name: 'Ada Lovelace' },
          { address: 'carl@example.com', name: 'Carl' },
        ],
        send: true,
      },
    });
    expect(within(form()).getByLabelText('Message')).toHaveValue('');
  });

  it('schedules with send_at and auto_followup', async () => {
    const { writes } = stubDrafts();
    await renderComposer();
    await userEvent.type(within(form()).getByLabelText('Message'), 'Following up');

    await userEvent.click(within(form()).getByRole('button', { name: 'Schedule' }));
    expect(within(form()).getByRole('alert')).toHaveTextContent('Choose when to send it.');

    fireEvent.change(within(form()).getByLabelText('Send at'), {
      target: { value: '2031-03-02T09:30' },
    });
    await userEvent.click(within(form()).getByRole('checkbox', { name: 'Cancel if they reply' }));
    await userEvent.click(within(form()).getByRole('button', { name: 'Schedule' }));

    expect(
      await within(form()).findByText(/^Scheduled for .*; cancelled if they reply\.$/),
    ).toBeInTheDocument();
    expect(writes()[0]?.body).toMatchObject({
      drafts: {
        body: 'Following up',
        send_at: Math.floor(new Date(2031, 2, 2, 9, 30).getTime() / 1000),
        auto_followup: true,
      },
    });
  });

  it('refuses a 26th file before reading or sending anything', async () => {
    const { writes } = stubDrafts();
    await renderComposer();
    const input = within(form()).getByLabelText('Attachments');

    await userEvent.upload(input, files(20));
    expect(await within(form()).findAllByRole('button', { name: /^Remove file-/ })).toHaveLength(
      20,
    );
    await userEvent.upload(input, files(6));

    expect(within(form()).getByRole('alert')).toHaveTextContent(
      'At most 25 files can go with a draft: 20 attached and 6 chosen make 26. No file was added.',
    );
    expect(within(form()).getAllByRole('button', { name: /^Remove file-/ })).toHaveLength(20);
    expect(writes()).toEqual([]);
  });

  it('refuses files over 10 MB in all', async () => {
    stubDrafts();
    await renderComposer();

    await userEvent.upload(within(form()).getByLabelText('Attachments'), [
      new File([new Uint8Array(8 * 1024 * 1024)], 'scan.pdf'),
    ]);

    expect(within(form()).getByRole('alert')).toHaveTextContent(
      'These files would make the draft 10.7 MB once encoded; Missive takes at most 10.0 MB in one request. No file was added.',
    );
    expect(within(form()).queryByRole('list', { name: 'Attached files' })).toBeNull();
  });

  it('sends attachments as base64', async () => {
    const { writes } = stubDrafts();
    await renderComposer();

    await userEvent.upload(within(form()).getByLabelText('Attachments'), [
      new File(['hello'], 'hello.txt', { type: 'text/plain' }),
    ]);
    await within(form()).findByRole('button', { name: 'Remove hello.txt' });
    await userEvent.click(within(form()).getByRole('button', { name: 'Save draft' }));

    await within(form()).findByText('Saved as a draft.');
    expect(writes()[0]?.body).toMatchObject({
      drafts: { attachments: [{ filename: 'hello.txt', base64_data: 'aGVsbG8=' }] },
    });
  });

  it('says when Missive rate-limits the send, keeping everything typed', async () => {
    stubDrafts({
      write: () =>
        new Response(
          JSON.stringify({
            error: {
              message: "Missive's rate limit was reached: Rate limit exceeded. Retry after 30 s.",
              code: 'rate_limited',
            },
          }),
          { status: 429, headers: { 'Content-Type': 'application/json', 'Retry-After': '30' } },
        ),
    });
    await renderComposer();
    await userEvent.type(within(form()).getByLabelText('Message'), 'Your refund is on its way');

    await userEvent.click(within(form()).getByRole('button', { name: 'Send now' }));

    expect(await within(form()).findByRole('alert')).toHaveTextContent(
      "Rate-limited: Missive's rate limit was reached: Rate limit exceeded. Retry after 30 s. Nothing was lost: try again in 30 s.",
    );
    expect(within(form()).getByLabelText('Message')).toHaveValue('Your refund is on its way');
    expect(within(form()).getByRole('button', { name: 'Send now' })).toBeEnabled();
  });

  it('offers Missive’s composer only inside Missive', async () => {
    stubDrafts();
    const { unmount } = await renderComposer();
    expect(within(form()).queryByRole('button', { name: 'Insert into composer' })).toBeNull();
    unmount();

    const host = createHostWithActions();
    await renderComposer({ host });
    await userEvent.type(within(form()).getByLabelText('Message'), 'See <attached>');
    await userEvent.click(within(form()).getByRole('button', { name: 'Insert into composer' }));
    await userEvent.click(within(form()).getByRole('button', { name: 'Reply in Missive' }));

    expect(host.actions.insertHtml).toHaveBeenCalledWith('See &lt;attached&gt;');
    expect(host.actions.reply).toHaveBeenCalledWith({
      subject: 'Re: Refund for order 1042',
      body: 'See &lt;attached&gt;',
      to_fields: [
        { address: 'ada@example.com', name: 'Ada Lovelace' },
        { address: 'billing@example.com' },
      ],
    });
    expect(within(form()).getByText('Opened as a reply in Missive.')).toBeInTheDocument();
  });
});

describe('the conversation’s drafts', () => {
  it('with a count of none, says so and reads nothing', async () => {
    const { requests, draftReads } = stubDrafts();
    const { queryClient } = await renderComposer({ draftsCount: 0 });

    expect(screen.getByText('No drafts.')).toBeInTheDocument();
    await screen.findByRole('option', { name: 'Invoice reissued' });
    await settled(queryClient);
    expect(draftReads()).toEqual([]);
    expect(requests.map((request) => request.path).sort()).toEqual(['/responses', '/users']);
    expect(screen.queryByRole('list', { name: 'Drafts in this conversation' })).toBeNull();
  });

  it('reads the list once a draft was saved here, and shows it', async () => {
    const { requests, draftReads } = stubDrafts({ drafts: [] });
    await renderComposer({ draftsCount: 0 });
    await userEvent.type(within(form()).getByLabelText('Message'), 'Checking with billing');

    await userEvent.click(within(form()).getByRole('button', { name: 'Save draft' }));

    expect(
      await screen.findByRole('listitem', { name: 'Re: Refund for order 1042' }),
    ).toBeInTheDocument();
    expect(screen.queryByText('No drafts.')).toBeNull();
    expect(draftReads()).toHaveLength(1);
    // Read after the save, not before it.
    const read = requests.findIndex((request) => request.path === draftsPath('conversation-1'));
    const saved = requests.findIndex((request) => request.method === 'POST');
    expect(saved).toBeGreaterThanOrEqual(0);
    expect(read).toBeGreaterThan(saved);
  });

  it('reads nothing when the save failed', async () => {
    const { writes, draftReads } = stubDrafts({
      write: () => jsonResponse({ error: { message: 'Missive is down' } }, 502),
    });
    const { queryClient } = await renderComposer({ draftsCount: 0 });
    await userEvent.type(within(form()).getByLabelText('Message'), 'Checking with billing');

    await userEvent.click(within(form()).getByRole('button', { name: 'Save draft' }));

    expect(await within(form()).findByRole('alert')).toHaveTextContent('Missive is down');
    await settled(queryClient);
    expect(writes()).toHaveLength(1);
    expect(draftReads()).toEqual([]);
    expect(screen.getByText('No drafts.')).toBeInTheDocument();
  });

  it('does not read another conversation’s drafts for a draft saved here', async () => {
    const { draftReads } = stubDrafts({ drafts: [] });
    const host = createNoneHost(['conversation-1']);
    const composer = (conversationId: string) => (
      <ReplyComposer
        conversationId={conversationId}
        subject="Refund for order 1042"
        recipients={[]}
        contact={null}
        draftsCount={0}
      />
    );
    const { rerender, queryClient } = renderWithProviders(composer('conversation-1'), { host });
    await formLoaded();
    await userEvent.type(within(form()).getByLabelText('Message'), 'Checking with billing');
    await userEvent.click(within(form()).getByRole('button', { name: 'Save draft' }));
    await screen.findByRole('listitem', { name: 'Re: Refund for order 1042' });

    // The agent moves on to a conversation without drafts.
    rerender(
      <QueryClientProvider client={queryClient}>
        <HostProvider host={host}>{composer('conversation-2')}</HostProvider>
      </QueryClientProvider>,
    );

    expect(screen.getByText('No drafts.')).toBeInTheDocument();
    await settled(queryClient);
    expect(draftReads('conversation-2')).toEqual([]);
    expect(draftReads()).toHaveLength(1);
  });

  it.each([1, undefined])(
    'with a count of %s, reads the list and shows the drafts',
    async (draftsCount) => {
      const { draftReads } = stubDrafts();
      await renderComposer({ draftsCount });

      const existing = await screen.findByRole('listitem', { name: 'Re: Refund' });
      expect(existing).toHaveTextContent('To Ada Lovelace');
      expect(existing).toHaveTextContent(/Scheduled for .*, cancelled if they reply/);
      expect(draftReads().map((request) => request.query.get('limit'))).toEqual(['10']);
    },
  );

  it('deletes a draft after confirmation', async () => {
    const { writes } = stubDrafts();
    await renderComposer();

    const existing = await screen.findByRole('listitem', { name: 'Re: Refund' });
    await userEvent.click(
      within(existing).getByRole('button', { name: 'Delete draft Re: Refund' }),
    );
    await userEvent.click(within(existing).getByRole('button', { name: 'Delete “Re: Refund”' }));

    expect(await screen.findByText('No drafts.')).toBeInTheDocument();
    expect(writes().map((request) => [request.method, request.path])).toEqual([
      ['DELETE', '/drafts/d-old'],
    ]);
  });
});
