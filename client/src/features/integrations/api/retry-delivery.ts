import { useMutation, useQueryClient } from '@tanstack/react-query';
import { deliveryResponse, type Delivery } from '@crm/shared/integrations';
import { apiFetch } from '@/lib/api-client';
import { integrationDeliveriesQueryPrefix } from '@/lib/integration-deliveries-query-key';

/**
 * `POST /api/integrations/deliveries/:id/retry`: a dead delivery is queued
 * again (any other state is answered 409), and answered as it is now.
 */
export async function retryDelivery(id: number): Promise<Delivery> {
  const { delivery } = await apiFetch(
    `/api/integrations/deliveries/${encodeURIComponent(String(id))}/retry`,
    deliveryResponse,
    { method: 'POST' },
  );
  return delivery;
}

export function useRetryDelivery() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: retryDelivery,
    // Every list and count moved: the delivery left the dead letters.
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: integrationDeliveriesQueryPrefix() });
    },
  });
}
