import { describe, expect, it } from 'vitest';
import { isRegion, normalizePhone, phoneSearchTerms } from './phone';

describe('normalizePhone', () => {
  it.each([
    ['+15145550100', '+15145550100'],
    ['+1 (514) 555-0100', '+15145550100'],
    ['+1 514 555 0100', '+15145550100'],
    ['+1.514.555.0100', '+15145550100'],
    ['tel:+1-514-555-0100', '+15145550100'],
    ['+61 2 5550 3168', '+61255503168'],
    ['0061 2 5550 3168', '+61255503168'],
    ['+1 (418) 717-1066 x12', '+14187171066'],
  ])('reads %s as %s without a default region', (text, e164) => {
    expect(normalizePhone(text)).toBe(e164);
  });

  it('places a national number only with a default region', () => {
    expect(normalizePhone('(514) 555-0100')).toBeUndefined();
    expect(normalizePhone('(514) 555-0100', 'CA')).toBe('+15145550100');
    expect(normalizePhone('01 42 68 53 00', 'FR')).toBe('+33142685300');
    // An explicit country code wins over the default region.
    expect(normalizePhone('+44 20 7946 0958', 'US')).toBe('+442079460958');
  });

  it('gives no key to what is not a phone number', () => {
    for (const text of ['', 'abc', '555', '+1', 'call me maybe']) {
      expect(normalizePhone(text, 'US')).toBeUndefined();
    }
  });

  it('offers the digits a person searches by', () => {
    expect(phoneSearchTerms('+15145550100')).toEqual(['15145550100', '5145550100']);
  });

  it('knows country codes', () => {
    expect(isRegion('US')).toBe(true);
    expect(isRegion('XX')).toBe(false);
  });
});
