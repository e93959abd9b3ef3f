import { createRef } from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { Button } from './button';

describe('Button', () => {
  it('is type="button" by default, so inside a form it does not submit it', async () => {
    const submit = vi.fn((event: Event) => {
      event.preventDefault();
    });
    render(
      <form
        onSubmit={(event) => {
          submit(event.nativeEvent);
        }}
      >
        <Button>Add a row</Button>
      </form>,
    );
    const button = screen.getByRole('button', { name: 'Add a row' });
    expect(button).toHaveAttribute('type', 'button');
    await userEvent.click(button);
    expect(submit).not.toHaveBeenCalled();
  });

  it('submits when asked to', async () => {
    const submit = vi.fn((event: Event) => {
      event.preventDefault();
    });
    render(
      <form
        onSubmit={(event) => {
          submit(event.nativeEvent);
        }}
      >
        <Button type="submit">Save</Button>
      </form>,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(submit).toHaveBeenCalledTimes(1);
  });

  it('passes props and its ref to the button, keeping the caller’s class', async () => {
    const ref = createRef<HTMLButtonElement>();
    const onClick = vi.fn();
    render(
      <Button ref={ref} variant="danger" className="extra" aria-pressed="true" onClick={onClick}>
        Delete
      </Button>,
    );
    const button = screen.getByRole('button', { name: 'Delete', pressed: true });
    expect(ref.current).toBe(button);
    expect(button).toHaveClass('extra');
    await userEvent.click(button);
    expect(onClick).toHaveBeenCalledTimes(1);
  });

  it('does nothing when disabled', async () => {
    const onClick = vi.fn();
    render(
      <Button disabled onClick={onClick}>
        Send
      </Button>,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(onClick).not.toHaveBeenCalled();
  });
});
