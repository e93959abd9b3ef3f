import { describe, expect, it } from 'vitest';
import { errorEnvelopeSchema } from '@crm/shared/errors';
import {
  contactsResponse,
  type Contact,
  type ContactInfoInput,
} from '@crm/shared/missive/contacts';
import { postResponse } from '@crm/shared/missive/posts';
import { directMissive } from './test/direct-missive';
import { EMULATOR_TOKEN, sharedContactBook } from './test/gateway-harness';
import { harnessPerFile } from './test/harness-per-file';

/**
 * Only link URLs on write (#10): a contact's URL info and a post's links and
 * icons reach Missive only with an http:, https:, mailto: or tel: scheme.
 * Anything else, however it is disguised, is refused by the gateway with a
 * 400 naming the field and the scheme, before a request leaves for Missive.
 */

let bookId: string;
const harness = harnessPerFile({}, async (started) => {
  bookId = await sharedContactBook(started);
});

function post(path: string, body: unknown) {
  return harness().request(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** Sends a write that must be refused, and checks that nothing of it reached the emulator. */
async function expectRefusedLocally(path: string, body: unknown): Promise<string> {
  const before = harness().upstreamCalls();
  const answer = await post(path, body);
  expect(answer.status, answer.text).toBe(400);
  const { error } = errorEnvelopeSchema.parse(answer.json);
  expect(error.code).toBe('bad_request');
  expect(harness().upstreamCalls()).toBe(before);
  return error.message;
}

const refused = (scheme: string) =>
  `"${scheme}" URLs are refused: only http:, https:, mailto:, tel: are accepted`;

/** What a hostile writer would send, and the scheme a browser would read in it. */
const hostile: [string, string][] = [
  ['javascript:alert(document.cookie)', 'javascript:'],
  [' JaVaScript:alert(1)', 'javascript:'],
  ['\u0000\u001f javascript:alert(1)', 'javascript:'],
  ['java\tscript:alert(1)', 'javascript:'],
  ['data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==', 'data:'],
  ['VBScript:MsgBox(1)', 'vbscript:'],
  ['file:///etc/passwd', 'file:'],
];

const urlInfo = (value: string): ContactInfoInput => ({ kind: 'url', label: 'homepage', value });

describe('contact URL infos', () => {
  it.each(hostile)('refuses %j when a contact is created', async (url, scheme) => {
    const message = await expectRefusedLocally('/api/missive/v1/contacts', {
      contacts: [
        {
          contact_book: bookId,
          last_name: 'Hostile',
          infos: [{ kind: 'email', label: 'work', value: 'h@example.com' }, urlInfo(url)],
        },
      ],
    });
    expect(message).toBe(`contacts[0].infos[1].value: ${refused(scheme)}`);
  });

  it('refuses one in an edit through the loss-free editor too', async () => {
    const created = await post('/api/missive/v1/contacts', {
      contacts: [{ contact_book: bookId, last_name: 'Edited', infos: [] }],
    });
    expect(created.status, created.text).toBe(200);
    const base: Contact | undefined = contactsResponse.parse(created.json).contacts[0];
    if (!base) throw new Error('no contact created');
    const message = await expectRefusedLocally(`/api/contacts/${base.id}/edit`, {
      base,
      changes: { infos: [urlInfo(' JaVaScript:alert(1)')] },
    });
    expect(message).toBe(`changes.infos[0].value: ${refused('javascript:')}`);
  });

  it('passes web, mail and phone links on to Missive as sent', async () => {
    const infos = [
      urlInfo('https://example.com/'),
      urlInfo('http://example.com/plain'),
      urlInfo('mailto:ada@example.com'),
      urlInfo('tel:+15145550199'),
    ];
    const before = harness().upstreamCalls();
    const answer = await post('/api/missive/v1/contacts', {
      contacts: [{ contact_book: bookId, last_name: 'Linked', infos }],
    });
    expect(answer.status, answer.text).toBe(200);
    expect(harness().upstreamCalls()).toBe(before + 1);
    expect(contactsResponse.parse(answer.json).contacts[0]?.infos).toEqual(infos);
  });

  it('is the gateway’s rule: Missive’s reference sets none, and its emulator takes any scheme', async () => {
    const missive = directMissive(harness().emulator.baseUrl, EMULATOR_TOKEN);
    const stored = contactsResponse.parse(
      await missive('/contacts', {
        method: 'POST',
        body: { contacts: [{ contact_book: bookId, infos: [urlInfo('javascript:alert(1)')] }] },
      }),
    );
    expect(stored.contacts[0]?.infos).toEqual([urlInfo('javascript:alert(1)')]);
  });
});

describe('post links and icons', () => {
  const notification = { title: 'Order shipped', body: 'Tracking attached' };

  it.each(hostile)('refuses %j as an attachment link', async (url, scheme) => {
    const message = await expectRefusedLocally('/api/missive/v1/posts', {
      posts: { notification, attachments: [{ title: 'Tracking', title_link: url }] },
    });
    expect(message).toBe(`posts.attachments[0].title_link: ${refused(scheme)}`);
  });

  it('names every URL field of a post it refuses', async () => {
    const message = await expectRefusedLocally('/api/missive/v1/posts', {
      posts: {
        notification,
        text: 'x',
        username_icon: 'data:image/svg+xml,<svg onload=alert(1)>',
        conversation_icon: 'javascript:alert(1)',
        attachments: [
          {
            author_link: 'javascript:alert(1)',
            author_icon: 'javascript:alert(1)',
            image_url: 'javascript:alert(1)',
            footer_icon: 'javascript:alert(1)',
          },
        ],
      },
    });
    expect(message.split('; ')).toEqual([
      `posts.username_icon: ${refused('data:')}`,
      `posts.conversation_icon: ${refused('javascript:')}`,
      `posts.attachments[0].author_link: ${refused('javascript:')}`,
      `posts.attachments[0].author_icon: ${refused('javascript:')}`,
      `posts.attachments[0].image_url: ${refused('javascript:')}`,
      `posts.attachments[0].footer_icon: ${refused('javascript:')}`,
    ]);
  });

  it('passes a post whose links and icons are web and mail links', async () => {
    const attachment = {
      title: 'Tracking',
      title_link: 'https://carrier.example/track/123',
      author_link: 'mailto:shipping@example.com',
      image_url: 'https://carrier.example/map.png',
    };
    const answer = await post('/api/missive/v1/posts', {
      posts: { notification, attachments: [attachment] },
    });
    expect(answer.status, answer.text).toBe(200);
    expect(postResponse.parse(answer.json).posts.attachments).toEqual([
      expect.objectContaining(attachment),
    ]);
  });
});
