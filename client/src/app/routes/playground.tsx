import { SiteHeader } from '@/components/site-header';
import { Playground } from '@/features/playground/components/playground';
import { useLiveEvents } from '@/lib/live-events';

export function PlaygroundRoute() {
  // Missive's window shows what changes in the organisation as it happens
  // (an integration's post, a colleague's label): its stand-in listens too.
  useLiveEvents();
  return (
    <div className="playground-page">
      <SiteHeader />
      <Playground />
    </div>
  );
}
