import { useId, useState, type ChangeEvent } from 'react';
import { Button } from '@/components/ui/button';
import { refuseFiles, readUpload, type Upload } from '../utils/attachments';

/**
 * Files for the draft. The 25-file and 10 MB limits are checked when files
 * are chosen, before anything is read or sent, so a refusal costs nothing
 * and says which limit was hit.
 */
export function AttachmentsField({
  uploads,
  measureDraft,
  onAdd,
  onRemove,
}: {
  uploads: readonly Upload[];
  /** The draft's JSON size now, uploads included; asked only when files are chosen. */
  measureDraft: () => number;
  onAdd: (uploads: Upload[]) => void;
  onRemove: (index: number) => void;
}) {
  const id = useId();
  const [reading, setReading] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);

  async function choose(event: ChangeEvent<HTMLInputElement>) {
    const input = event.currentTarget;
    const files = [...(input.files ?? [])];
    // Cleared so that choosing the same file again after removing it still fires a change.
    input.value = '';
    if (files.length === 0) return;
    const refused = refuseFiles(files, uploads.length, measureDraft());
    setRefusal(refused);
    if (refused) return;
    setReading(true);
    try {
      onAdd(await Promise.all(files.map(readUpload)));
    } catch (error) {
      setRefusal(error instanceof Error ? error.message : 'A file could not be read.');
    } finally {
      setReading(false);
    }
  }

  return (
    <div className="drafts-attachments">
      <label htmlFor={`${id}-files`}>Attachments</label>
      <input
        id={`${id}-files`}
        type="file"
        multiple
        disabled={reading}
        aria-describedby={`${id}-limits`}
        onChange={(event) => {
          void choose(event);
        }}
      />
      <span id={`${id}-limits`} className="drafts-hint">
        Up to 25 files, 10 MB in all.
      </span>
      {reading ? <p className="drafts-hint">Reading files…</p> : null}
      {refusal ? (
        <p role="alert" className="error">
          {refusal}
        </p>
      ) : null}
      {uploads.length > 0 ? (
        <ul className="drafts-files" aria-label="Attached files">
          {uploads.map((upload, index) => (
            <li key={`${index}-${upload.filename}`}>
              <span className="drafts-file-name">{upload.filename}</span>
              <Button
                variant="secondary"
                size="sm"
                aria-label={`Remove ${upload.filename}`}
                onClick={() => {
                  onRemove(index);
                }}
              >
                Remove
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
