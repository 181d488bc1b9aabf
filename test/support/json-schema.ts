/** The JSON Schema keywords the API's document uses (z.toJSONSchema's output), enough to check an answer against it. */
export interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: Schema | boolean;
  items?: Schema;
  anyOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
}

const FORMATS: Record<string, RegExp> = {
  date: /^\d{4}-\d{2}-\d{2}$/,
  // An instant with its offset: Z or ±hh:mm.
  'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
};

const typeOf = (value: unknown) =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;

/**
 * Where `value` breaks `schema`, one line per problem with its path; empty when
 * it fits. Strict about objects: a field the schema does not list is a
 * problem, so an answer cannot carry anything undocumented.
 */
export function schemaProblems(schema: Schema, value: unknown, path = '$'): string[] {
  if (schema.anyOf) {
    const each = schema.anyOf.map((option) => schemaProblems(option, value, path));
    return each.some((problems) => problems.length === 0) ? [] : [`${path}: fits none of its options (${each.flat().join('; ')})`];
  }
  const types = schema.type === undefined ? [] : [schema.type].flat();
  const actual = typeOf(value);
  if (types.length && !types.some((type) => type === actual || (type === 'number' && actual === 'integer'))) {
    return [`${path}: is ${actual}, documented as ${types.join(' or ')}`];
  }
  if (schema.enum && !schema.enum.includes(value))
    return [`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`];
  if ('const' in schema && schema.const !== value) return [`${path}: ${JSON.stringify(value)} is not ${JSON.stringify(schema.const)}`];
  if (typeof value === 'string') {
    const format = schema.format && FORMATS[schema.format];
    if (format && !format.test(value)) return [`${path}: "${value}" is not a ${schema.format}`];
    if (schema.pattern && !new RegExp(schema.pattern, 'u').test(value)) return [`${path}: "${value}" does not match ${schema.pattern}`];
  }
  if (Array.isArray(value) && schema.items) return value.flatMap((item, index) => schemaProblems(schema.items!, item, `${path}[${index}]`));
  if (actual === 'object' && schema.properties) {
    const record = value as Record<string, unknown>;
    const missing = (schema.required ?? []).filter((name) => !(name in record)).map((name) => `${path}.${name}: missing`);
    const extra =
      schema.additionalProperties === undefined || schema.additionalProperties === false
        ? Object.keys(record)
            .filter((name) => !(name in schema.properties!))
            .map((name) => `${path}.${name}: not documented`)
        : [];
    const fields = Object.entries(schema.properties).flatMap(([name, field]) =>
      name in record ? schemaProblems(field, record[name], `${path}.${name}`) : [],
    );
    return [...missing, ...extra, ...fields];
  }
  return [];
}
