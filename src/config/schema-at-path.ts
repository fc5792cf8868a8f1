import { z } from "zod";

/** Peels the wrappers that do not change which keys or items a value may have. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current: z.ZodType = schema;
  for (;;) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodDefault || current instanceof z.ZodNullable || current instanceof z.ZodPrefault) {
      current = current.unwrap() as z.ZodType;
    } else if (current instanceof z.ZodPipe) {
      current = current.in as z.ZodType;
    } else {
      return current;
    }
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The option of a union that fits a value: the discriminator's match, else the only object option. */
function pickOption(schema: z.ZodUnion | z.ZodDiscriminatedUnion, value: unknown): z.ZodType | undefined {
  const options = schema.options as readonly z.ZodType[];
  if (schema instanceof z.ZodDiscriminatedUnion && isRecord(value)) {
    const discriminator = schema.def.discriminator;
    return options.find((option) => {
      const inner = unwrap(option);
      if (!(inner instanceof z.ZodObject)) return false;
      const literal = unwrap(inner.shape[discriminator] as z.ZodType);
      return literal instanceof z.ZodLiteral && literal.values.has(value[discriminator] as never);
    });
  }
  if (isRecord(value)) {
    const objects = options.map(unwrap).filter((option) => option instanceof z.ZodObject);
    const keys = Object.keys(value);
    return objects.find((option) => keys.some((key) => key in option.shape)) ?? (objects.length === 1 ? objects[0] : undefined);
  }
  return undefined;
}

/**
 * The schema that governs the value at `path` of `data`, found by walking objects, records, arrays and
 * unions (a union is resolved by the value it holds). Used to tell a user which keys are allowed.
 */
export function schemaAtPath(options: { schema: z.ZodType; path: readonly PropertyKey[]; data: unknown }): z.ZodType | undefined {
  let schema: z.ZodType | undefined = unwrap(options.schema);
  let value = options.data;
  const resolveUnion = (): void => {
    while (schema && (schema instanceof z.ZodUnion || schema instanceof z.ZodDiscriminatedUnion)) {
      const picked = pickOption(schema, value);
      schema = picked ? unwrap(picked) : undefined;
    }
  };
  resolveUnion();
  for (const segment of options.path) {
    if (!schema) return undefined;
    if (schema instanceof z.ZodObject) {
      const field = schema.shape[String(segment)] as z.ZodType | undefined;
      schema = field ? unwrap(field) : undefined;
    } else if (schema instanceof z.ZodRecord) {
      schema = unwrap(schema.valueType as z.ZodType);
    } else if (schema instanceof z.ZodArray) {
      schema = unwrap(schema.element as z.ZodType);
    } else {
      return undefined;
    }
    value = isRecord(value) || Array.isArray(value) ? (value as Record<PropertyKey, unknown>)[segment] : undefined;
    resolveUnion();
  }
  return schema;
}

/** The keys an object schema allows, in the order it declares them. */
export function allowedKeys(schema: z.ZodType | undefined): string[] {
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}
