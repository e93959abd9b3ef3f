import type { CannedResponse } from '@crm/shared/missive/responses';
import { describeError } from '@/lib/describe-error';
import { useCannedResponses } from '../api/get-canned-responses';

/**
 * Picks a canned response; the select returns to its prompt so the same one
 * can be picked again. It waits for `ready` (what fills the variables).
 */
export function CannedResponseSelect({
  ready,
  onPick,
}: {
  ready: boolean;
  onPick: (response: CannedResponse) => void;
}) {
  const responses = useCannedResponses();
  if (responses.isError) {
    return (
      <p role="alert" className="error">
        Canned responses could not be read. {describeError(responses.error)}
      </p>
    );
  }
  return (
    <select
      aria-label="Canned response"
      className="drafts-canned"
      value=""
      disabled={!ready || !responses.data?.length}
      onChange={(event) => {
        const picked = responses.data?.find((response) => response.id === event.target.value);
        if (picked) onPick(picked);
      }}
    >
      <option value="">
        {responses.isPending || !ready
          ? 'Loading canned responses…'
          : responses.data.length
            ? 'Insert a canned response…'
            : 'No canned responses'}
      </option>
      {responses.data?.map((response) => (
        <option key={response.id} value={response.id}>
          {response.title}
        </option>
      ))}
    </select>
  );
}
