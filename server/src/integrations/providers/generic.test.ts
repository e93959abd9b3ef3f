import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { integrationSettingsSchema, type IntegrationSettings } from '@crm/shared/integrations';
import {
  integrationOutputSchema,
  UnprocessableEvent,
  type IntegrationRequest,
  type ProcessResult,
} from '../provider';
import { hostileString, replaceAt, stringPaths } from '../../test/hostile-payloads';
import { hmacSha256Hex } from '../signatures';
import { genericProvider } from './generic';

const SECRET = 'generic-secret-7c1d9e2f4a6b';
const NOW = 1_723_000_000_000;

const incident = {
  id: 'inc_42',
  incident: {
    name: 'API outage',
    status: 'investigating',
    url: 'https://status.example.com/incidents/inc_42',
    components: ['api', 'dashboard'],
  },
  customer: { email: 'ops@example.com' },
  severity_color: 'danger',
};
const incidentBody = Buffer.from(JSON.stringify(incident));

const template = {
  references: 'incident:{{ id }}\n{{customer.email}}\n\n{{ missing.field }}\nincident:{{id}}',
  subject: 'Incident: {{incident.name}}',
  markdown:
    '**{{incident.name}}** is {{incident.status}}\nAffects: {{incident.components}}\n[Details]({{incident.url}})',
  eventId: '{{id}}-{{incident.status}}',
  color: '{{severity_color}}',
};

function settingsWith(fields: Partial<typeof template> | null): IntegrationSettings {
  return integrationSettingsSchema.parse({
    enabled: true,
    template: fields === null ? null : { ...template, ...fields },
  });
}

function request(headers: Record<string, string>, rawBody: Buffer, receivedAt = NOW) {
  const lower = new Map(
    Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
  const made: IntegrationRequest = {
    header: (name) => lower.get(name.toLowerCase()),
    rawBody,
    receivedAt,
  };
  return made;
}

function signed(body: Buffer, secret = SECRET, headers: Record<string, string> = {}) {
  return request({ ...headers, 'X-Signature-256': `sha256=${hmacSha256Hex(secret, body)}` }, body);
}

async function processWith(settings: IntegrationSettings, payload: unknown = incident) {
  const conversationByEmail = vi.fn(() => Promise.resolve(undefined));
  const result: ProcessResult = await genericProvider.process(payload, request({}, incidentBody), {
    settings,
    conversationByEmail,
  });
  return result;
}

async function postWith(settings: IntegrationSettings, payload: unknown = incident) {
  const result = await processWith(settings, payload);
  if (!('post' in result)) throw new Error(`expected a post, got ignored: ${result.ignored}`);
  return integrationOutputSchema.parse(result.post);
}

describe('genericProvider end to end', () => {
  it('verifies, names and posts a delivery with its template', async () => {
    const settings = settingsWith({});
    const delivery = signed(incidentBody);
    expect(genericProvider.verify(delivery, SECRET)).toEqual({ ok: true });
    const payload: unknown = JSON.parse(delivery.rawBody.toString('utf8'));
    expect(genericProvider.eventId(payload, delivery, settings)).toBe('inc_42-investigating');
    const result = await genericProvider.process(payload, delivery, {
      settings,
      conversationByEmail: () => Promise.resolve(undefined),
    });
    expect(result).toEqual({
      post: {
        // One per non-empty line, each once.
        references: ['incident:inc_42', 'ops@example.com'],
        subject: 'Incident: API outage',
        markdown:
          // The array's brackets are escaped: a value is text, never a link.
          '**API outage** is investigating\nAffects: \\["api","dashboard"\\]\n[Details](https://status.example.com/incidents/inc_42)',
        color: 'danger',
        summary: 'Incident: API outage',
      },
    });
    if ('post' in result) expect(integrationOutputSchema.parse(result.post)).toEqual(result.post);
    expect(genericProvider.kind).toBe('generic');
    expect(genericProvider.displayName).toBe('Webhook');
  });
});

describe('genericProvider.verify', () => {
  it('accepts the HMAC-SHA256 of the body, with or without the sha256= prefix', () => {
    expect(genericProvider.verify(signed(incidentBody), SECRET)).toEqual({ ok: true });
    const bare = request({ 'x-signature-256': hmacSha256Hex(SECRET, incidentBody) }, incidentBody);
    expect(genericProvider.verify(bare, SECRET)).toEqual({ ok: true });
  });

  it('refuses another secret’s signature and a changed body', () => {
    const mismatch = {
      ok: false,
      reason: 'X-Signature-256 does not match the body: check the secret',
    };
    expect(genericProvider.verify(signed(incidentBody, 'another-secret-123456'), SECRET)).toEqual(
      mismatch,
    );
    const header = `sha256=${hmacSha256Hex(SECRET, incidentBody)}`;
    const tampered = Buffer.from(JSON.stringify({ ...incident, id: 'inc_43' }));
    expect(
      genericProvider.verify(request({ 'X-Signature-256': header }, tampered), SECRET),
    ).toEqual(mismatch);
  });

  it('refuses a delivery without the header, or with one that is not a digest', () => {
    expect(genericProvider.verify(request({}, incidentBody), SECRET)).toEqual({
      ok: false,
      reason: 'missing X-Signature-256 header',
    });
    const malformed = {
      ok: false,
      reason:
        'X-Signature-256 is not "sha256=" followed by 64 hex digits (the HMAC-SHA256 of the body)',
    };
    for (const header of ['sha256=abc', 'sha1=' + 'a'.repeat(40), 'md5 whatever']) {
      expect(
        genericProvider.verify(request({ 'X-Signature-256': header }, incidentBody), SECRET),
      ).toEqual(malformed);
    }
  });
});

describe('genericProvider.eventId', () => {
  it('renders the event id template against the body', () => {
    const id = genericProvider.eventId(
      incident,
      request({ 'X-Event-Id': 'ignored' }, incidentBody),
      settingsWith({}),
    );
    expect(id).toBe('inc_42-investigating');
  });

  it('refuses a delivery whose event id template renders nothing, naming the template', () => {
    const settings = settingsWith({ eventId: '{{ delivery.id }}' });
    const eventId = () => genericProvider.eventId(incident, request({}, incidentBody), settings);
    expect(eventId).toThrow(UnprocessableEvent);
    expect(eventId).toThrow(
      'the event id template "{{ delivery.id }}" rendered nothing for this delivery',
    );
  });

  it('takes the X-Event-Id header when there is no event id template', () => {
    const made = request({ 'x-event-id': ' delivery-7 ' }, incidentBody);
    expect(genericProvider.eventId(incident, made, settingsWith({ eventId: '' }))).toBe(
      'delivery-7',
    );
    expect(genericProvider.eventId(incident, made, settingsWith(null))).toBe('delivery-7');
  });

  it('takes the SHA-256 of the body when there is neither: the same bytes are the same event', () => {
    const settings = settingsWith({ eventId: '  ' });
    const id = genericProvider.eventId(incident, request({}, incidentBody), settings);
    expect(id).toBe(createHash('sha256').update(incidentBody).digest('hex'));
    expect(
      genericProvider.eventId(incident, request({}, Buffer.from(incidentBody)), settings),
    ).toBe(id);
    const other = Buffer.from(JSON.stringify({ ...incident, id: 'inc_43' }));
    expect(genericProvider.eventId(incident, request({}, other), settings)).not.toBe(id);
  });

  it('refuses an event id too long to store', () => {
    const settings = settingsWith({ eventId: '{{incident}}{{incident}}{{incident}}' });
    expect(() => genericProvider.eventId(incident, request({}, incidentBody), settings)).toThrow(
      /gave an event id longer than 200 characters/,
    );
    const long = request({ 'X-Event-Id': 'x'.repeat(201) }, incidentBody);
    expect(() => genericProvider.eventId(incident, long, settingsWith({ eventId: '' }))).toThrow(
      'the X-Event-Id header gave an event id longer than 200 characters',
    );
  });
});

describe('genericProvider.process', () => {
  it('refuses to post without a template', async () => {
    await expect(processWith(settingsWith(null))).rejects.toThrow(
      new UnprocessableEvent('this provider has no template: write one in the dashboard'),
    );
  });

  it('refuses a delivery whose references render empty', async () => {
    await expect(
      processWith(settingsWith({ references: '{{ nope }}\n  {{ also.nope }}' })),
    ).rejects.toThrow(/^the references template rendered no reference for this delivery/);
  });

  it('refuses a delivery whose markdown renders empty', async () => {
    await expect(processWith(settingsWith({ markdown: ' {{ nope }} ' }))).rejects.toThrow(
      /^the markdown template rendered nothing for this delivery/,
    );
  });

  it('refuses a rendered colour that is not one, and leaves out an empty one', async () => {
    await expect(processWith(settingsWith({ color: '{{incident.status}}' }))).rejects.toThrow(
      'the color template rendered "investigating": it must render a hex colour such as "#2266ED", one of good, warning, danger, or nothing',
    );
    const named = await postWith(settingsWith({ color: 'warning' }));
    expect(named.color).toBe('warning');
    const hex = await postWith(settingsWith({ color: '#2266ED' }));
    expect(hex.color).toBe('#2266ED');
    const none = await postWith(settingsWith({ color: '{{ nope }}' }));
    expect(none).not.toHaveProperty('color');
  });

  it('keeps a subject on one line, and leaves out an empty one', async () => {
    const multiline = await postWith(settingsWith({ subject: '{{a}}' }), {
      ...incident,
      a: 'one\ntwo  three',
    });
    expect(multiline.subject).toBe('one two three');
    const empty = await postWith(settingsWith({ subject: '{{ nope }}' }));
    expect(empty).not.toHaveProperty('subject');
    // Without a subject, the summary is the markdown's first line.
    expect(empty.summary).toBe('**API outage** is investigating');
  });

  it('clips the summary to 120 characters', async () => {
    const long = await postWith(settingsWith({ subject: '{{a}}' }), {
      ...incident,
      a: 'x'.repeat(300),
    });
    expect(long.summary).toHaveLength(120);
    expect(long.summary.endsWith('…')).toBe(true);
    expect(long.subject).toHaveLength(300);
  });

  it('refuses a rendered post past Missive’s limits as the delivery’s fault', async () => {
    const huge = { ...incident, blob: 'y'.repeat(100_001) };
    await expect(processWith(settingsWith({ markdown: '{{blob}}' }), huge)).rejects.toThrow(
      /^the template rendered a post Missive would refuse: markdown: /,
    );
    const many = {
      ...incident,
      refs: Array.from({ length: 101 }, (_, i) => `ref-${i}`).join('\n'),
    };
    await expect(processWith(settingsWith({ references: '{{refs}}' }), many)).rejects.toThrow(
      /^the template rendered a post Missive would refuse: references: /,
    );
  });
});

describe('genericProvider.process: payload values in the markdown', () => {
  const hostile = {
    ...incident,
    incident: {
      ...incident.incident,
      name: '<img src=x onerror=alert(1)> ![p](https://evil.example/p.png) *x*',
      status: '[x](javascript:alert(1))\n# Heading',
      url: 'javascript:alert(1)',
    },
    customer: { email: 'ops_team@example.com' },
  };

  it('escapes values so they cannot make HTML, images, links or headings', async () => {
    const post = await postWith(settingsWith({}), hostile);
    expect(post.markdown).toBe(
      [
        '**&lt;img src=x onerror=alert(1)> !\\[p\\](https://evil.example/p.png) \\*x\\*** is \\[x\\](javascript:alert(1))',
        '\\# Heading',
        'Affects: \\["api","dashboard"\\]',
        '[Details](./javascript:alert%281%29)',
      ].join('\n'),
    );
  });

  it('keeps a web link in the template’s link working, encoding what would end it', async () => {
    const post = await postWith(settingsWith({}), {
      ...incident,
      incident: { ...incident.incident, url: 'https://status.example.com/a_(b) ![p](x)' },
    });
    expect(post.markdown?.split('\n').at(-1)).toBe(
      '[Details](https://status.example.com/a_%28b%29%20![p]%28x%29)',
    );
  });

  it('renders references, subject, colour and event id as the values are', async () => {
    const settings = settingsWith({
      references: '{{customer.email}}',
      subject: '{{incident.name}}',
      eventId: '{{customer.email}}',
    });
    const post = await postWith(settings, hostile);
    expect(post.references).toEqual(['ops_team@example.com']);
    expect(post.subject).toBe('<img src=x onerror=alert(1)> ![p](https://evil.example/p.png) *x*');
    expect(genericProvider.eventId(hostile, request({}, incidentBody), settings)).toBe(
      'ops_team@example.com',
    );
  });

  it('summarises from the values as they are, not escaped', async () => {
    const post = await postWith(settingsWith({ subject: '' }), hostile);
    expect(post.summary).toBe(
      '**<img src=x onerror=alert(1)> ![p](https://evil.example/p.png) *x*** is [x](javascript:alert(1))',
    );
  });

  it('cuts a subject to Missive’s 998 characters', async () => {
    const post = await postWith(settingsWith({ subject: '{{a}}' }), {
      ...incident,
      a: '😀'.repeat(2000),
    });
    expect(Array.from(post.subject ?? '')).toHaveLength(998);
    expect(post.subject?.endsWith('😀…')).toBe(true);
  });
});

const hostile = hostileString(['danger', '#2266ED']);

describe('genericProvider: any one string of a delivery replaced (property)', () => {
  const cases = stringPaths(incident);

  it('refuses as unprocessable or posts within the output schema', async () => {
    const settings = settingsWith({});
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...cases), hostile, async (path, value) => {
        const payload = replaceAt(incident, path, value);
        let result: ProcessResult;
        try {
          result = await processWith(settings, payload);
        } catch (error) {
          expect(error).toBeInstanceOf(UnprocessableEvent);
          expect((error as Error).message.length).toBeLessThan(1000);
          return;
        }
        if (!('post' in result)) throw new Error(`a template never ignores: ${result.ignored}`);
        integrationOutputSchema.parse(result.post);
        expect(result.post.markdown).not.toMatch(/<[a-z/!?]/i);
        // Inside a destination (percent-encoded to its closing parenthesis) `![` is only a URL's text.
        expect(result.post.markdown?.replace(/\]\([^\s()]*\)/g, '](…)')).not.toContain('![');
        // Every link of the template goes to the web, or is a relative path that runs nothing.
        expect(result.post.markdown).not.toMatch(/(?<!\\)\]\((?!https:\/\/|\.\/|\))/);
      }),
      { numRuns: 300 },
    );
  });
});
