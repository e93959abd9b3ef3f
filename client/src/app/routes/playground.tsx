import { SiteHeader } from '../../components/site-header';
import { Playground } from '../../features/playground/components/playground';

export function PlaygroundRoute() {
  return (
    <div className="playground-page">
      <SiteHeader />
      <Playground />
    </div>
  );
}
