import { describe, expect, it } from 'vitest';
import { jsonResponse } from '@/test/http';
import { stubMissive } from '@/test/missive-stub';
import { getLabelChoices } from './get-label-choices';

describe('getLabelChoices', () => {
  it('reads every page of the organization’s shared labels and offers them by path', async () => {
    const labels = Array.from({ length: 203 }, (_, index) => ({
      id: `l-${index}`,
      name: `Label ${String(index).padStart(3, '0')}`,
      name_with_parent_names: `Parent/Label ${String(202 - index).padStart(3, '0')}`,
      color: null,
      organization: 'org-1',
    }));
    const { requests } = stubMissive(({ query }) => {
      const offset = Number(query.get('offset'));
      const limit = Number(query.get('limit'));
      return jsonResponse({ shared_labels: labels.slice(offset, offset + limit) });
    });

    const choices = await getLabelChoices('org-1');

    expect(choices).toHaveLength(203);
    expect(choices[0]).toEqual({ id: 'l-202', path: 'Parent/Label 000' });
    expect(choices.at(-1)).toEqual({ id: 'l-0', path: 'Parent/Label 202' });
    expect(
      requests.map(({ path, query }) => [path, query.get('organization'), query.get('offset')]),
    ).toEqual([
      ['/shared_labels', 'org-1', '0'],
      ['/shared_labels', 'org-1', '200'],
    ]);
  });
});
