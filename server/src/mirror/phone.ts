import {
  isSupportedCountry,
  parsePhoneNumberFromString,
  type CountryCode,
} from 'libphonenumber-js';

/**
 * Phone numbers as one key: E.164 (`+15145550100`), whatever way a person
 * typed them into a contact or Missive wrote them on an SMS. A number written
 * without a country code is read in `region` (PHONE_DEFAULT_REGION); without
 * one it cannot be placed and has no key.
 */
export function normalizePhone(text: string, region?: CountryCode): string | undefined {
  // "00" is the international prefix of most of the world; the parser knows
  // it only as the default region's own (the US dials 011).
  const international = text.trim().replace(/^00(?=[1-9])/, '+');
  const parsed = parsePhoneNumberFromString(
    international,
    region ? { defaultCountry: region } : {},
  );
  // Possible, not valid: validity follows number-plan allocations that lag
  // reality, and a fictional 555 number is still one the team writes to.
  return parsed?.isPossible() ? parsed.number : undefined;
}

/** Digits a person might search a number by: E.164 without "+" and the national number. */
export function phoneSearchTerms(e164: string): string[] {
  const parsed = parsePhoneNumberFromString(e164);
  return parsed ? [e164.slice(1), parsed.nationalNumber] : [e164.slice(1)];
}

export function isRegion(code: string): code is CountryCode {
  return isSupportedCountry(code);
}
