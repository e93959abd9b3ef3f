import { useState, type ReactNode } from 'react';
import { Button } from './ui/button';

/**
 * A button that shows and hides what follows it (a "New label" or "New
 * task" form): mounted when first opened, then hidden, not unmounted, so
 * closing it does not throw away what was typed.
 */
export function KeptDisclosure({ label, children }: { label: string; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Button
        variant="secondary"
        aria-expanded={open}
        onClick={() => {
          setOpen((shown) => !shown);
          setOpened(true);
        }}
      >
        {label}
      </Button>
      <div hidden={!open}>{opened ? children : null}</div>
    </>
  );
}
