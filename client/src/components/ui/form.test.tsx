import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { Button } from './button';
import { Field } from './field';
import { Form } from './form';

const schema = z.object({
  title: z.string().trim().min(1, 'Give the task a title.'),
  due: z.string(),
});

function TaskForm({
  onSubmit,
  error,
}: {
  onSubmit: (values: z.output<typeof schema>) => unknown;
  error?: string;
}) {
  return (
    <Form
      schema={schema}
      defaultValues={{ title: '', due: '' }}
      onSubmit={onSubmit}
      error={error}
      aria-label="New task"
    >
      {({ register, formState }) => (
        <>
          <Field label="Title" error={formState.errors.title?.message}>
            {(control) => <input {...control} {...register('title')} />}
          </Field>
          <Field label="Due">{(control) => <input {...control} {...register('due')} />}</Field>
          <Button type="submit">Add</Button>
        </>
      )}
    </Form>
  );
}

describe('Form', () => {
  it('submits the schema’s output', async () => {
    const onSubmit = vi.fn();
    render(<TaskForm onSubmit={onSubmit} />);
    await userEvent.type(screen.getByLabelText('Title'), '  Call back  ');
    await userEvent.click(screen.getByRole('button', { name: 'Add' }));
    await waitFor(() => {
      expect(onSubmit).toHaveBeenCalledTimes(1);
    });
    expect(onSubmit.mock.calls[0]?.[0]).toEqual({ title: 'Call back', due: '' });
  });

  it('shows a field’s error with its field and submits nothing', async () => {
    const onSubmit = vi.fn();
    render(<TaskForm onSubmit={onSubmit} />);
    await userEvent.click(screen.getByRole('button', { name: 'Add' }));
    const title = screen.getByLabelText('Title');
    await waitFor(() => {
      expect(title).toHaveAccessibleDescription('Give the task a title.');
    });
    expect(title).toHaveAttribute('aria-invalid', 'true');
    // The first invalid field gets the focus, so its error is read at once.
    expect(title).toHaveFocus();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('announces what onSubmit threw as the form’s error, and clears it on the next try', async () => {
    const onSubmit = vi
      .fn()
      .mockRejectedValueOnce(new Error('The gateway is not answering.'))
      .mockResolvedValueOnce(undefined);
    render(<TaskForm onSubmit={onSubmit} />);
    await userEvent.type(screen.getByLabelText('Title'), 'Call back');
    await userEvent.click(screen.getByRole('button', { name: 'Add' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The gateway is not answering.');

    await userEvent.click(screen.getByRole('button', { name: 'Add' }));
    await waitFor(() => {
      expect(onSubmit).toHaveBeenCalledTimes(2);
    });
    await waitFor(() => {
      expect(screen.queryByRole('alert')).toBeNull();
    });
  });

  it('announces a form-level error given from outside', () => {
    render(<TaskForm onSubmit={vi.fn()} error="That key was refused." />);
    expect(screen.getByRole('alert')).toHaveTextContent('That key was refused.');
    expect(screen.getByRole('form', { name: 'New task' })).toContainElement(
      screen.getByRole('alert'),
    );
  });

  it('shows an issue without a field (a refinement of the whole form) as the form’s error', async () => {
    const range = z
      .object({ from: z.string(), to: z.string() })
      .refine((value) => value.from <= value.to, 'The range ends before it starts.');
    render(
      <Form schema={range} defaultValues={{ from: '2', to: '1' }} onSubmit={vi.fn()}>
        <Button type="submit">Apply</Button>
      </Form>,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Apply' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The range ends before it starts.');
  });
});
