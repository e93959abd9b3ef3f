import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { jsonResponse } from '@/test/http';
import { stubMissive } from '@/test/missive-stub';
import { createHostWithActions, renderWithProviders } from '@/test/render-with-providers';
import { InternalNote } from './internal-note';

const post = {
  id: 'p-1',
  conversation: 'conversation-1',
  created_at: 1_700_000_000,
  username: null,
  username_icon: null,
  text: null,
  markdown: 'x',
  notification: { title: 'Note', body: 'x' },
  attachments: [],
};

function form() {
  return screen.getByRole('form', { name: 'Internal note' });
}

describe('InternalNote', () => {
  it('posts the note without reopening the conversation', async () => {
    const { writes } = stubMissive(() => jsonResponse({ posts: post }));
    renderWithProviders(<InternalNote conversationId="conversation-1" />);
    await screen.findByRole('form', { name: 'Internal note' });
    const text = `Customer **called**: ${'wants a refund, '.repeat(8)}`;

    await userEvent.click(within(form()).getByLabelText('Note for the team (Markdown)'));
    await userEvent.paste(text);
    await userEvent.click(within(form()).getByRole('button', { name: 'Add note' }));

    expect(await within(form()).findByText('Note added to the conversation.')).toBeInTheDocument();
    expect(within(form()).getByLabelText('Note for the team (Markdown)')).toHaveValue('');
    expect(writes().map((request) => [request.method, request.path, request.body])).toEqual([
      [
        'POST',
        '/posts',
        {
          posts: {
            conversation: 'conversation-1',
            notification: { title: 'Note', body: text.trim().slice(0, 80) },
            markdown: text,
            reopen: false,
          },
        },
      ],
    ]);
  });

  it('keeps the note and says why when Missive fails', async () => {
    stubMissive(() =>
      jsonResponse(
        {
          error: {
            message: 'Missive is busy: budget spent. Try again in 12 s.',
            code: 'overloaded',
          },
        },
        503,
      ),
    );
    renderWithProviders(<InternalNote conversationId="conversation-1" />);
    await screen.findByRole('form', { name: 'Internal note' });

    await userEvent.type(
      within(form()).getByLabelText('Note for the team (Markdown)'),
      'Call back',
    );
    await userEvent.click(within(form()).getByRole('button', { name: 'Add note' }));

    expect(await within(form()).findByRole('alert')).toHaveTextContent(
      'Missive is busy: budget spent. Try again in 12 s.',
    );
    expect(within(form()).getByLabelText('Note for the team (Markdown)')).toHaveValue('Call back');
  });

  it('refuses an empty note without asking Missive', async () => {
    const { writes } = stubMissive(() => jsonResponse({ posts: post }));
    renderWithProviders(<InternalNote conversationId="conversation-1" />);
    await screen.findByRole('form', { name: 'Internal note' });

    await userEvent.click(within(form()).getByRole('button', { name: 'Add note' }));

    expect(within(form()).getByRole('alert')).toHaveTextContent('Write the note first.');
    expect(writes()).toEqual([]);
  });

  it('comments through Missive only inside Missive', async () => {
    const { writes } = stubMissive(() => jsonResponse({ posts: post }));
    const { unmount } = renderWithProviders(<InternalNote conversationId="conversation-1" />);
    await screen.findByRole('form', { name: 'Internal note' });
    expect(within(form()).queryByRole('button', { name: 'Comment in Missive' })).toBeNull();
    unmount();

    const host = createHostWithActions();
    renderWithProviders(<InternalNote conversationId="conversation-1" />, { host });
    await screen.findByRole('form', { name: 'Internal note' });
    await userEvent.type(within(form()).getByLabelText('Note for the team (Markdown)'), 'Heads up');
    await userEvent.click(within(form()).getByRole('button', { name: 'Comment in Missive' }));

    expect(host.actions.comment).toHaveBeenCalledWith('Heads up');
    expect(within(form()).getByText('Sent to Missive as a comment.')).toBeInTheDocument();
    expect(writes()).toEqual([]);
  });
});
