import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Comment } from '@crm/shared/missive/conversations';
import type { Message } from '@crm/shared/missive/messages';
import type { Post } from '@crm/shared/missive/posts';
import { answerTimePage, makeComment, makeMessage, makePost } from '@/test/conversation-fixtures';
import { jsonResponse } from '@/test/http';
import { stubMissive, type MissiveRequest } from '@/test/missive-stub';
import { renderWithProviders } from '@/test/render-with-providers';
import { Timeline } from './timeline';

const T = 1_700_000_000;
const base = '/conversations/conversation-1';

/** Each row names its fixture (m01, c01, p01) in its text, so order reads as ids. */
function message(id: string, at: number, overrides: Partial<Message> = {}) {
  return makeMessage({ id, delivered_at: T + at, preview: `${id} preview`, ...overrides });
}
function comment(id: string, at: number, overrides: Partial<Comment> = {}) {
  return makeComment({ id, created_at: T + at, body: `${id} body`, ...overrides });
}
function post(id: string, at: number, overrides: Partial<Post> = {}) {
  return makePost({ id, created_at: T + at, text: `${id} text`, ...overrides });
}

interface Lists {
  messages?: Message[];
  comments?: Comment[];
  posts?: Post[];
  inclusive?: boolean;
  /** A test's own answer for a request, before the lists are consulted. */
  override?: (request: MissiveRequest) => Response | undefined;
}

function stubTimeline({ messages = [], comments = [], posts = [], inclusive, override }: Lists) {
  return stubMissive((request) => {
    const own = override?.(request);
    if (own) return own;
    const options = { inclusive: inclusive ?? false };
    const { path, query } = request;
    if (path === `${base}/messages`) {
      return jsonResponse({
        messages: answerTimePage(messages, (m) => m.delivered_at, query, options),
      });
    }
    if (path === `${base}/comments`) {
      return jsonResponse({
        comments: answerTimePage(comments, (c) => c.created_at, query, options),
      });
    }
    if (path === `${base}/posts`) {
      return jsonResponse({ posts: answerTimePage(posts, (p) => p.created_at, query, options) });
    }
    return jsonResponse({ error: { message: `unexpected ${path}` } }, 500);
  });
}

function shownIds(): string[] {
  const list = screen.getByRole('list', { name: 'Timeline' });
  return within(list)
    .getAllByRole('listitem')
    .map((item) => /([mcp]\d\d) (?:preview|body|text)/.exec(item.textContent)?.[1] ?? '?');
}

function pagesAsked(requests: MissiveRequest[], list: string) {
  return requests
    .filter((request) => request.path === `${base}/${list}`)
    .map((request) => request.query.get('until'));
}

/**
 * 13 messages 100 s apart, m10 and m11 in the same second: the first page
 * grows to 11 over the tie. c02 is older than that whole first page.
 */
const messages = Array.from({ length: 13 }, (_, index) => {
  const number = index + 1;
  const at = number === 11 ? 400 : 1400 - number * 100;
  return message(`m${String(number).padStart(2, '0')}`, at);
});
const comments = [comment('c01', 1250), comment('c02', 150)];
const posts = [post('p01', 1050)];

describe('Timeline', () => {
  /** What the first page of each list shows together: c02 waits for "Show earlier". */
  const FIRST_SHOWN = [
    'm01',
    'c01',
    'm02',
    'm03',
    'p01',
    'm04',
    'm05',
    'm06',
    'm07',
    'm08',
    'm09',
    'm10',
    'm11',
  ];

  it('interleaves messages, comments and posts newest first, holding back what may have a gap', async () => {
    stubTimeline({ messages, comments, posts });
    renderWithProviders(<Timeline conversationId="conversation-1" />);

    await screen.findByRole('list', { name: 'Timeline' });
    // c02 is older than the oldest message loaded: messages between them are
    // not loaded yet, so it waits for "Show earlier".
    expect(shownIds()).toEqual(FIRST_SHOWN);
  });

  it('shows earlier pages on demand, past a tie, once each and in order', async () => {
    const { requests } = stubTimeline({ messages, comments, posts });
    renderWithProviders(<Timeline conversationId="conversation-1" />);

    await userEvent.click(await screen.findByRole('button', { name: 'Show earlier' }));

    await screen.findByText('m13 preview');
    expect(shownIds()).toEqual([...FIRST_SHOWN, 'm12', 'c02', 'm13']);
    // Only messages had more; the next page starts at the tied second.
    expect(pagesAsked(requests, 'messages')).toEqual([null, String(T + 400)]);
    expect(pagesAsked(requests, 'comments')).toEqual([null]);
    expect(pagesAsked(requests, 'posts')).toEqual([null]);
    expect(requests.every((request) => request.query.get('limit') === '10')).toBe(true);
    expect(screen.queryByRole('button', { name: 'Show earlier' })).not.toBeInTheDocument();
  });

  it('drops items an inclusive until answers twice', async () => {
    stubTimeline({ messages, comments, posts, inclusive: true });
    renderWithProviders(<Timeline conversationId="conversation-1" />);

    await userEvent.click(await screen.findByRole('button', { name: 'Show earlier' }));

    await screen.findByText('m13 preview');
    const ids = shownIds();
    expect(ids).toHaveLength(16);
    expect(new Set(ids).size).toBe(16);
    expect(screen.queryByRole('button', { name: 'Show earlier' })).not.toBeInTheDocument();
  });

  it('pages every list that has more and keeps the merged view ordered', async () => {
    // Two busy lists: messages every 100 s, comments every 50 s, 15 of each.
    const busyMessages = Array.from({ length: 15 }, (_, index) =>
      message(`m${String(index + 1).padStart(2, '0')}`, 2000 - index * 100),
    );
    const busyComments = Array.from({ length: 15 }, (_, index) =>
      comment(`c${String(index + 1).padStart(2, '0')}`, 1975 - index * 50),
    );
    const { requests } = stubTimeline({ messages: busyMessages, comments: busyComments });
    renderWithProviders(<Timeline conversationId="conversation-1" />);

    await screen.findByRole('list', { name: 'Timeline' });
    // Comments reach back to 1525, messages to 1100: nothing older than 1525 yet.
    const firstView = shownIds();
    expect(firstView.at(-1)).toBe('c10');
    expect(firstView.filter((id) => id.startsWith('m'))).toEqual([
      'm01',
      'm02',
      'm03',
      'm04',
      'm05',
    ]);

    await userEvent.click(screen.getByRole('button', { name: 'Show earlier' }));
    await screen.findByText('c15 body');
    expect(pagesAsked(requests, 'messages')).toEqual([null, String(T + 1100)]);
    expect(pagesAsked(requests, 'comments')).toEqual([null, String(T + 1525)]);

    const times = new Map([
      ...busyMessages.map((m): [string, number] => [m.id, m.delivered_at]),
      ...busyComments.map((c): [string, number] => [c.id, c.created_at]),
    ]);
    const shown = shownIds().map((id) => times.get(id) ?? 0);
    expect(shown).toEqual(shown.toSorted((a, b) => b - a));
    expect(shownIds()).toHaveLength(30);
  });

  it('shows what each kind of entry says, as text', async () => {
    stubTimeline({
      messages: [
        message('m01', 300, {
          from_field: { name: 'Ada Lovelace', address: 'ada@example.com' },
          attachments: [
            { id: 'a1', filename: 'invoice.pdf', url: 'https://files.test/a1', size: 1200 },
            { id: 'a2', filename: 'photo.png', url: 'https://files.test/a2', size: 5400 },
          ],
        }),
        message('m02', 100, {
          type: 'sms',
          from_field: { phone_number: '+15145550123' },
        }),
      ],
      comments: [
        comment('c01', 200, {
          body: 'c01 <b>not bold</b>',
          task: {
            description: 'Refund the shipping',
            state: 'in_progress',
            due_at: null,
            assignees: [],
          },
        }),
      ],
      posts: [
        post('p01', 250, {
          username: 'Stripe',
          text: null,
          markdown: 'p01 **Payment failed** for [invoice 7](https://stripe.test/7)',
          notification: { title: 'Payment failed', body: 'Invoice 7' },
        }),
      ],
    });
    renderWithProviders(<Timeline conversationId="conversation-1" />);

    const list = await screen.findByRole('list', { name: 'Timeline' });
    const [first, second, third, fourth] = within(list).getAllByRole('listitem');
    expect(first).toHaveTextContent('Message');
    expect(first).toHaveTextContent('Ada Lovelace ada@example.com');
    expect(first).toHaveTextContent('m01 preview');
    expect(first).toHaveTextContent('2 attachments');
    expect(second).toHaveTextContent('Post');
    expect(second).toHaveTextContent('Stripe');
    expect(second).toHaveTextContent('Payment failed');
    expect(
      within(second ?? list).getByText('p01 Payment failed for invoice 7'),
    ).toBeInTheDocument();
    expect(third).toHaveTextContent('Comment');
    expect(third).toHaveTextContent('Grace Hopper');
    expect(within(third ?? list).getByText('c01 <b>not bold</b>')).toBeInTheDocument();
    expect(third).toHaveTextContent('Task: In progress Refund the shipping');
    expect(list.querySelector('b')).toBeNull();
    expect(fourth).toHaveTextContent('+15145550123');
    expect(within(list).getAllByRole('time')).toHaveLength(4);
  });

  it('says when there is nothing yet', async () => {
    stubTimeline({});
    renderWithProviders(<Timeline conversationId="conversation-1" />);
    expect(await screen.findByText('No messages, comments or posts yet.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Show earlier' })).not.toBeInTheDocument();
  });

  it('shows a skeleton until every list has answered', () => {
    stubMissive(() => new Promise<Response>(() => {}));
    renderWithProviders(<Timeline conversationId="conversation-1" />);
    expect(screen.getByRole('status')).toHaveTextContent('Loading the timeline…');
    expect(screen.queryByRole('list', { name: 'Timeline' })).not.toBeInTheDocument();
  });

  it('shows why a list failed and retries it', async () => {
    let commentsDown = true;
    stubTimeline({
      messages: [message('m01', 100)],
      comments: [comment('c01', 200)],
      override: ({ path }) =>
        commentsDown && path === `${base}/comments`
          ? jsonResponse(
              { error: { message: 'Missive is unavailable', code: 'upstream_error' } },
              502,
            )
          : undefined,
    });
    renderWithProviders(<Timeline conversationId="conversation-1" />);

    expect(await screen.findByRole('alert')).toHaveTextContent('Missive is unavailable');
    commentsDown = false;
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await screen.findByRole('list', { name: 'Timeline' });
    expect(shownIds()).toEqual(['c01', 'm01']);
  });

  it('keeps what is shown when an earlier page fails, and tries again', async () => {
    let limited = true;
    stubTimeline({
      messages,
      comments,
      posts,
      override: ({ path, query }) =>
        limited && path === `${base}/messages` && query.has('until')
          ? jsonResponse(
              { error: { message: 'Rate-limited: retry in 30 s', code: 'rate_limited' } },
              429,
            )
          : undefined,
    });
    renderWithProviders(<Timeline conversationId="conversation-1" />);

    await userEvent.click(await screen.findByRole('button', { name: 'Show earlier' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Rate-limited: retry in 30 s');
    expect(shownIds()).toHaveLength(13);

    limited = false;
    await userEvent.click(screen.getByRole('button', { name: 'Show earlier' }));
    await screen.findByText('m13 preview');
    expect(shownIds()).toHaveLength(16);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
