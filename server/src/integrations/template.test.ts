import { describe, expect, it } from 'vitest';
import { readPath, renderTemplate } from './template';

const order = {
  id: 42,
  paid: true,
  note: null,
  customer: { name: 'Ada Lovelace', email: 'ada@example.com', tags: ['vip', 'beta'] },
  items: [
    { sku: 'A-1', qty: 2 },
    { sku: 'B-2', qty: 1 },
  ],
};

describe('renderTemplate', () => {
  it('reads nested fields and array indexes', () => {
    expect(renderTemplate('{{customer.name}} ordered {{items.1.sku}}', order)).toBe(
      'Ada Lovelace ordered B-2',
    );
  });

  it('allows whitespace inside the braces', () => {
    expect(renderTemplate('{{ customer.email }}|{{\tid\n}}', order)).toBe('ada@example.com|42');
  });

  it('writes numbers and booleans as text, null and missing fields as nothing', () => {
    expect(renderTemplate('#{{id}} paid={{paid}} note=[{{note}}] x=[{{nope.deeper}}]', order)).toBe(
      '#42 paid=true note=[] x=[]',
    );
  });

  it('writes objects and arrays as JSON', () => {
    expect(renderTemplate('{{customer.tags}} {{items.0}}', order)).toBe(
      '["vip","beta"] {"sku":"A-1","qty":2}',
    );
  });

  it('indexes a body that is an array', () => {
    expect(renderTemplate('{{ 0 }}-{{ 1 }}', ['a', 'b'])).toBe('a-b');
  });

  it('reads nothing past the end of an array or with a non-numeric index', () => {
    expect(renderTemplate('[{{items.5.sku}}][{{items.first.sku}}][{{items.length}}]', order)).toBe(
      '[][][]',
    );
  });

  it('reads nothing from inherited or prototype properties', () => {
    const body: unknown = JSON.parse('{"__proto__": {"polluted": "yes"}, "a": {"b": 1}}');
    expect(
      renderTemplate(
        '[{{__proto__.polluted}}][{{a.constructor.name}}][{{a.toString}}][{{a.hasOwnProperty}}][{{constructor.prototype}}]',
        body,
      ),
    ).toBe('[][][][][]');
    expect(readPath(order, 'customer.__proto__')).toBeUndefined();
    expect(readPath(order, 'items.constructor')).toBeUndefined();
    expect(readPath(order, 'customer.name.length')).toBeUndefined();
  });

  it('leaves a malformed variable as text', () => {
    expect(renderTemplate('Hello {{ customer.name and {{id}}', order)).toBe(
      'Hello {{ customer.name and 42',
    );
    expect(renderTemplate('{{id} and {id}} and {{ id', order)).toBe('{{id} and {id}} and {{ id');
  });

  it('renders an empty path or an empty segment as nothing', () => {
    expect(renderTemplate('[{{}}][{{ }}][{{customer..name}}][{{.id}}]', order)).toBe('[][][][]');
  });

  it('renders a single pass: a value that looks like a variable stays as it is', () => {
    expect(renderTemplate('{{a}}', { a: '{{b}}', b: 'no' })).toBe('{{b}}');
  });

  it('inserts values literally, with no replacement patterns', () => {
    expect(renderTemplate('{{a}}', { a: "$& $' $1" })).toBe("$& $' $1");
  });

  it('renders every variable against a body that is not an object as nothing', () => {
    expect(renderTemplate('[{{a}}]', null)).toBe('[]');
    expect(renderTemplate('[{{a}}]', 'text')).toBe('[]');
    expect(renderTemplate('[{{a.b}}]', { a: 'text' })).toBe('[]');
  });

  it('leaves a template without variables unchanged', () => {
    expect(renderTemplate('plain { text } here', order)).toBe('plain { text } here');
  });
});

describe('renderTemplate with an escape', () => {
  it('passes each value, with what was rendered before it, through the escape', () => {
    const seen: [string, string][] = [];
    const rendered = renderTemplate('a {{customer.name}} b {{id}} c', order, (value, before) => {
      seen.push([value, before]);
      return `<${value}>`;
    });
    expect(rendered).toBe('a <Ada Lovelace> b <42> c');
    expect(seen).toEqual([
      ['Ada Lovelace', 'a '],
      ['42', 'a <Ada Lovelace> b '],
    ]);
  });

  it('escapes a missing value as the empty string', () => {
    expect(renderTemplate('[{{nope}}]', order, (value) => `(${value})`)).toBe('[()]');
  });

  it('leaves the template’s own text unescaped', () => {
    expect(renderTemplate('**{{id}}** [x](y)', order, (value) => value.toUpperCase())).toBe(
      '**42** [x](y)',
    );
  });
});
