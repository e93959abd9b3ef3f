import { Button } from '@/components/ui/button';

/**
 * Newest-first paging by id, kept in the URL: "Older" moves the cursor to
 * the last id shown, "Newest" drops it; the browser's back button returns
 * to the newer page.
 */
export function PageNav({
  label,
  before,
  lastId,
  full,
  onPage,
}: {
  /** What is paged, for the nav's name: "Audit log pages". */
  label: string;
  /** The current cursor; null on the newest page. */
  before: number | null;
  /** The id of the last item shown, the next cursor. */
  lastId: number | undefined;
  /** The page was full, so older items may exist. */
  full: boolean;
  onPage: (before: number | null) => void;
}) {
  if (before === null && !full) return null;
  return (
    <nav aria-label={label} className="operations-page-nav">
      {before !== null ? (
        <Button
          variant="secondary"
          onClick={() => {
            onPage(null);
          }}
        >
          Newest
        </Button>
      ) : null}
      {full && lastId !== undefined ? (
        <Button
          variant="secondary"
          onClick={() => {
            onPage(lastId);
          }}
        >
          Older
        </Button>
      ) : null}
    </nav>
  );
}

/** A cursor from the URL: a positive whole number, else none. */
export function readCursor(value: string | null): number | null {
  if (value === null || !/^\d{1,15}$/.test(value)) return null;
  const cursor = Number(value);
  return cursor > 0 ? cursor : null;
}
