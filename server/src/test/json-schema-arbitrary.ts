import fc from 'fast-check';
import { z } from 'zod';
import { idSchema } from '@crm/shared/missive/common';

type JsonSchema = z.core.JSONSchema.JSONSchema;

/**
 * Custom JSON Schema formats for what a string stands for: an `idSchema`, a
 * path's list of them (`idListParam`), a whole number in a query (`queryInt`,
 * its bounds kept as minimum and maximum).
 */
const ID_FORMAT = 'missive-id';
const ID_LIST_FORMAT = 'missive-id-list';
const INTEGER_TEXT_FORMAT = 'missive-integer-text';
/** How many ids a generated list names: a batch, not the endpoint's maximum. */
const MAX_IDS = 3;

/**
 * The JSON Schema of what a request schema accepts (`io: 'input'`: the
 * strings a query carries, not the numbers they become). Transforms and
 * refinements have none; their input side is described, which is what a
 * client sends. Ids and numbers in text are marked with the formats above.
 */
export function requestJsonSchema(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'throw',
    override: ({ zodSchema, jsonSchema }) => {
      if (zodSchema === idSchema) jsonSchema.format = ID_FORMAT;
      if (!(zodSchema instanceof z.ZodPipe)) return;
      // A string in, split and checked as a list of ids.
      if (zodSchema.out instanceof z.ZodArray && zodSchema.out.element === idSchema) {
        jsonSchema.format = ID_LIST_FORMAT;
      }
      // A string in, checked as a number: its bounds are the number's.
      if (zodSchema.out instanceof z.ZodNumber) {
        jsonSchema.format = INTEGER_TEXT_FORMAT;
        if (zodSchema.out.minValue !== null) jsonSchema.minimum = zodSchema.out.minValue;
        if (zodSchema.out.maxValue !== null) jsonSchema.maximum = zodSchema.out.maxValue;
      }
    },
  });
}

export interface ValueSources {
  /** An id for a field of this name (the nearest property): one that exists or not. */
  id: (field: string) => fc.Arbitrary<string>;
  /** Text for a field whose rule JSON Schema cannot say (a refinement), if known. */
  text: (field: string) => fc.Arbitrary<string> | undefined;
  /** A URL for `format: "uri"` fields. */
  url: fc.Arbitrary<string>;
  /** An address for `format: "email"` fields, beside made-up ones that match the schema's pattern. */
  email: fc.Arbitrary<string>;
}

/** Lists stay short: a request of three items exercises what one of a hundred would. */
const MAX_ITEMS = 3;
/** Free text longer than this says nothing more; the near-valid inputs try the limits. */
const MAX_TEXT = 40;

/** The keywords `valuesOf` honours (or, for the first two, may ignore). */
const understood: ReadonlySet<string> = new Set([
  '$schema',
  'description',
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'minItems',
  'maxItems',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'enum',
  'const',
  'minimum',
  'maximum',
  'anyOf',
  'oneOf',
]);

/**
 * Values that satisfy `schema` as far as JSON Schema can say: what a correct
 * client would send, short of the cross-field rules (refinements) that only
 * the zod schema knows. Throws on a keyword it does not implement, so a
 * schema that starts using one is noticed here instead of fuzzed with
 * values it never asked for.
 */
export function valuesOf(
  schema: JsonSchema,
  sources: ValueSources,
  field = '',
): fc.Arbitrary<unknown> {
  const unknown = Object.keys(schema).filter((keyword) => !understood.has(keyword));
  // Only strict objects: anything else may carry keys no property describes.
  if (schema.additionalProperties !== undefined && schema.additionalProperties !== false) {
    unknown.push('additionalProperties');
  }
  if (unknown.length > 0) {
    throw new Error(`the fuzz cannot honour ${unknown.join(', ')} in ${JSON.stringify(schema)}`);
  }
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) {
    return fc.oneof(...alternatives.map((branch) => valuesOf(branch, sources, field)));
  }
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'object':
      return objectsOf(schema, sources);
    case 'array':
      return arraysOf(schema, sources, field);
    case 'string':
      return stringsOf(schema, sources, field);
    case 'integer':
      return integersOf(schema);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      throw new Error(`the fuzz cannot generate values for ${JSON.stringify(schema)}`);
  }
}

function objectsOf(schema: JsonSchema, sources: ValueSources): fc.Arbitrary<unknown> {
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    model[key] = valuesOf(asSchema(property), sources, key);
  }
  return fc.record(model, { requiredKeys: schema.required ?? [] });
}

function arraysOf(schema: JsonSchema, sources: ValueSources, field: string): fc.Arbitrary<unknown> {
  const { items } = schema;
  if (items === undefined || Array.isArray(items)) {
    throw new Error(`the fuzz cannot generate tuples or untyped lists: ${JSON.stringify(schema)}`);
  }
  const minLength = schema.minItems ?? 0;
  const maxLength = Math.max(minLength, Math.min(schema.maxItems ?? MAX_ITEMS, MAX_ITEMS));
  return fc.array(valuesOf(asSchema(items), sources, field), { minLength, maxLength });
}

function stringsOf(schema: JsonSchema, sources: ValueSources, field: string): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = schema.maxLength ?? Number.MAX_SAFE_INTEGER;
  const fits = (value: string) => value.length >= minLength && value.length <= maxLength;
  const known = sources.text(field);
  if (known) return known;
  if (schema.format === ID_FORMAT) return sources.id(field);
  if (schema.format === ID_LIST_FORMAT) {
    return fc
      .uniqueArray(sources.id(field), { minLength: 1, maxLength: MAX_IDS })
      .map((ids) => ids.join(','));
  }
  if (schema.format === INTEGER_TEXT_FORMAT) return integersOf(schema).map(String);
  if (schema.format === 'uri') return sources.url;
  if (schema.format === 'email' && schema.pattern !== undefined) {
    return fc.oneof(sources.email, fc.stringMatching(new RegExp(schema.pattern)).filter(fits));
  }
  if (schema.pattern !== undefined)
    return fc.stringMatching(new RegExp(schema.pattern)).filter(fits);
  if (schema.format !== undefined) {
    throw new Error(`the fuzz cannot generate strings of format ${schema.format}`);
  }
  // Counted in graphemes, which may take several UTF-16 units each: `fits` has the last word.
  const length = { minLength, maxLength: Math.max(minLength, Math.min(maxLength, MAX_TEXT)) };
  // Text in every script, emoji and combining marks included, as people type it.
  return fc
    .oneof(
      fc.string({ ...length, unit: 'grapheme-ascii' }),
      fc.string({ ...length, unit: 'grapheme' }),
    )
    .filter(fits);
}

function integersOf(schema: JsonSchema): fc.Arbitrary<number> {
  const min = BigInt(schema.minimum ?? Number.MIN_SAFE_INTEGER);
  const max = BigInt(schema.maximum ?? Number.MAX_SAFE_INTEGER);
  return fc.bigInt({ min, max }).map(Number);
}

function asSchema(schema: boolean | JsonSchema): JsonSchema {
  if (typeof schema === 'boolean') {
    throw new Error('the fuzz cannot generate values for a boolean JSON Schema');
  }
  return schema;
}
