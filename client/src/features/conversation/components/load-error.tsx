import { Button } from '@/components/ui/button';

/**
 * A read that failed: the gateway's own message (it names the cause: rate
 * limit, Missive down, bad key) and a way to ask again.
 */
export function LoadError({ error, onRetry }: { error: Error; onRetry: () => void }) {
  return (
    <div className="conversation-error">
      <p role="alert" className="error">
        {error.message}
      </p>
      <Button variant="secondary" size="sm" onClick={onRetry}>
        Retry
      </Button>
    </div>
  );
}
