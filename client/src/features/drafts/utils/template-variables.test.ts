import { describe, expect, it } from 'vitest';
import {
  fillVariables,
  findUnfilled,
  splitAtPlaceholders,
  variableValues,
} from './template-variables';

describe('template variables', () => {
  const values = variableValues(
    { first_name: 'Ada', last_name: 'Lovelace', company: null },
    'Grace',
  );

  it('fills what the contact and the agent provide', () => {
    expect(
      fillVariables('Hi {{first_name}} ({{ full_name }}), {{last_name}}. {{agent_name}}', values),
    ).toBe('Hi Ada (Ada Lovelace), Lovelace. Grace');
  });

  it('leaves unknown variables and those without a value as written, and reports them', () => {
    const text = fillVariables('For {{company}}: order {{ order_id }} and {{order_id}}', values);
    expect(text).toBe('For {{company}}: order {{ order_id }} and {{order_id}}');
    expect(findUnfilled(text)).toEqual([
      { placeholder: '{{company}}', reason: 'no-value' },
      { placeholder: '{{ order_id }}', reason: 'unknown' },
      { placeholder: '{{order_id}}', reason: 'unknown' },
    ]);
  });

  it('has no full name without a first or last name', () => {
    expect(variableValues(null, null).full_name).toBeNull();
    expect(variableValues({ last_name: ' Lovelace ' }, null).full_name).toBe('Lovelace');
  });

  it('cuts a text around its placeholders', () => {
    expect(splitAtPlaceholders('{{a}} and {{ b }}.')).toEqual([
      { text: '{{a}}', placeholder: true },
      { text: ' and ', placeholder: false },
      { text: '{{ b }}', placeholder: true },
      { text: '.', placeholder: false },
    ]);
    expect(splitAtPlaceholders('')).toEqual([]);
  });
});
