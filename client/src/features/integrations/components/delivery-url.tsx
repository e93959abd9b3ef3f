import { useId, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';

/**
 * Where the provider sends its webhooks, absolute (the provider's settings
 * want the whole URL), with a button to copy it. Where the clipboard is
 * refused (an insecure origin, a browser setting) the address is selected
 * for copying by hand instead.
 */
export function DeliveryUrl({ path }: { path: string }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const url = `${window.location.origin}${path}`;

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied('Copied.');
    } catch {
      input.current?.select();
      setCopied('Copying was refused: the address is selected, copy it by hand.');
    }
  };

  return (
    <div className="integrations-field integrations-field-wide">
      <label htmlFor={id}>Delivery URL</label>
      <div className="integrations-url">
        <input
          ref={input}
          id={id}
          readOnly
          value={url}
          onFocus={(event) => {
            event.currentTarget.select();
          }}
        />
        <Button
          variant="secondary"
          onClick={() => {
            void copy();
          }}
        >
          Copy URL
        </Button>
        {/* Not role="status": the save's status is the section's one status line. */}
        <span aria-live="polite" className="integrations-hint">
          {copied}
        </span>
      </div>
    </div>
  );
}
