import { useState } from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { Button } from './button';
import { Dialog } from './dialog';

function DeleteDraft({ onConfirm = vi.fn() }: { onConfirm?: () => void }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        onClick={() => {
          setOpen(true);
        }}
      >
        Delete draft
      </Button>
      <Dialog
        open={open}
        title="Delete this draft?"
        confirmLabel="Delete"
        tone="danger"
        onConfirm={() => {
          onConfirm();
          setOpen(false);
        }}
        onCancel={() => {
          setOpen(false);
        }}
      >
        <p>It cannot be brought back.</p>
      </Dialog>
    </>
  );
}

describe('Dialog', () => {
  it('is an alertdialog named by its title and described by its text, with focus on Cancel', async () => {
    render(<DeleteDraft />);
    await userEvent.click(screen.getByRole('button', { name: 'Delete draft' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Delete this draft?' });
    expect(dialog).toHaveAttribute('aria-modal', 'true');
    expect(dialog).toHaveAccessibleDescription('It cannot be brought back.');
    expect(screen.getByRole('button', { name: 'Cancel' })).toHaveFocus();
  });

  it('closes on Escape without confirming, and gives the focus back', async () => {
    const onConfirm = vi.fn();
    render(<DeleteDraft onConfirm={onConfirm} />);
    const opener = screen.getByRole('button', { name: 'Delete draft' });
    await userEvent.click(opener);
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(onConfirm).not.toHaveBeenCalled();
    expect(opener).toHaveFocus();
  });

  it('closes on Cancel without confirming', async () => {
    const onConfirm = vi.fn();
    render(<DeleteDraft onConfirm={onConfirm} />);
    await userEvent.click(screen.getByRole('button', { name: 'Delete draft' }));
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(onConfirm).not.toHaveBeenCalled();
  });

  it('confirms with its confirm button', async () => {
    const onConfirm = vi.fn();
    render(<DeleteDraft onConfirm={onConfirm} />);
    await userEvent.click(screen.getByRole('button', { name: 'Delete draft' }));
    await userEvent.click(screen.getByRole('button', { name: 'Delete' }));
    expect(onConfirm).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('keeps Tab inside while open', async () => {
    render(<DeleteDraft />);
    await userEvent.click(screen.getByRole('button', { name: 'Delete draft' }));
    await userEvent.tab();
    expect(screen.getByRole('button', { name: 'Delete' })).toHaveFocus();
    await userEvent.tab();
    expect(screen.getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await userEvent.tab({ shift: true });
    expect(screen.getByRole('button', { name: 'Delete' })).toHaveFocus();
  });
});
