import { useMutation } from '@tanstack/react-query';
import { gatewayMutation } from '@/lib/queries';

/**
 * A dead delivery is queued again (any other state is answered 409); every
 * list and count is read again, since it left the dead letters.
 */
export function useRetryDelivery() {
  return useMutation(
    gatewayMutation('retryDelivery', (id: number) => ({ params: { id: String(id) } })),
  );
}
