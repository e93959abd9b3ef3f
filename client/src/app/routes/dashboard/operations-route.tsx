import { IntegrationDeliveries } from '@/features/integrations/components/integration-deliveries';
import { OperationsPage } from '@/features/operations/components/operations-page';

/** Composed here: the deliveries belong to the integrations feature, the page to operations. */
export function OperationsRoute() {
  return (
    <OperationsPage>
      <IntegrationDeliveries />
    </OperationsPage>
  );
}
