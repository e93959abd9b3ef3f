import { describe, expect, it } from 'vitest';
import { ada } from '../test/fixtures';
import { formChanges, formPathOf, toFormValues } from './contact-form';

describe('the editor form', () => {
  it('round-trips a contact with no changes', () => {
    const changes = formChanges(ada, toFormValues(ada));
    expect(changes.success && changes.data).toEqual({});
  });

  it('sends a cleared text field as an empty string and leaves group ids out', () => {
    const values = toFormValues(ada);
    values.notes = '';
    const [organization] = values.memberships;
    if (!organization) throw new Error('Ada works for an organization');
    organization.title = 'Countess';
    const changes = formChanges(ada, values);
    expect(changes.success && changes.data).toEqual({
      notes: '',
      memberships: [
        {
          title: 'Countess',
          department: 'Research',
          group: { kind: 'organization', name: 'Analytical Engines' },
        },
        { group: { kind: 'group', name: 'VIP' } },
      ],
    });
  });

  it('places request problems on the inputs that hold them', () => {
    expect(formPathOf(['infos', 2, 'custom_label'])).toBe('infos.2.custom_label');
    expect(formPathOf(['infos', 1])).toBe('infos.1.kind');
    expect(formPathOf(['memberships', 0, 'group', 'name'])).toBe('memberships.0.name');
    expect(formPathOf(['memberships', 0, 'group', 'kind'])).toBe('memberships.0.kind');
    expect(formPathOf(['first_name'])).toBe('first_name');
    expect(formPathOf(['id'])).toBeUndefined();
  });
});
