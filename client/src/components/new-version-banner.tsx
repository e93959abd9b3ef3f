import { useState } from 'react';
import { useHealth } from '@/lib/health';
import { Button } from '@/components/ui/button';

/**
 * Missive keeps the sidebar open all day, so a deployment does not reach an
 * agent until they reload. The first version the server reports is the one
 * this page was loaded against; when a later answer names another, offer a
 * reload (through the host: inside Missive, `Missive.reload()`).
 */
export function NewVersionBanner({ onReload }: { onReload: () => void }) {
  const health = useHealth();
  const current = health.data?.version;
  const [loadedWith, setLoadedWith] = useState<string | undefined>(current);
  if (loadedWith === undefined && current !== undefined) setLoadedWith(current);
  if (!current || !loadedWith || current === loadedWith) return null;
  return (
    <div className="version-banner" role="status">
      <span>A new version ({current}) is available.</span>
      <Button variant="secondary" size="sm" onClick={onReload}>
        Reload
      </Button>
    </div>
  );
}
