import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import avro from 'avsc';
import type { SchemaName } from '../../topics/index.js';
import { packageRoot } from '../packageRoot.js';

const cache = new Map<SchemaName, string>();

/** The `.avsc` text of a versioned schema in schemas/. */
export function schemaText(name: SchemaName): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(join(packageRoot(), 'schemas', `${name}.avsc`), 'utf8');
    cache.set(name, text);
  }
  return text;
}

/** An avsc Type for local encoding and validation (timestamp-millis stays a number of epoch ms). */
export const schemaType = (name: SchemaName): avro.Type => avro.Type.forSchema(JSON.parse(schemaText(name)) as avro.Schema);

/** Which fields of a record to keep: a field's whole type (true), or a selection inside its record (or its array's). */
export interface FieldSelection {
  readonly [field: string]: true | FieldSelection;
}

/**
 * A reader type with only the selected fields of `name`'s schema (names unchanged, so it resolves from any writer of
 * that schema). A selected field's named types must be defined within what is kept.
 */
export function projectedType(name: SchemaName, selection: FieldSelection): avro.Type {
  return avro.Type.forSchema(select(JSON.parse(schemaText(name)) as avro.Schema, selection, name));
}

type SchemaObject = { type: unknown; items?: unknown; fields?: { name: string; type: unknown }[] };

function select(schema: unknown, selection: FieldSelection, path: string): avro.Schema {
  const object = schema as SchemaObject;
  if (object.type === 'array') return { ...object, items: select(object.items, selection, path) } as avro.Schema;
  if (object.type !== 'record' || !object.fields) throw new Error(`${path}: a selection applies to a record or an array of records`);
  for (const field of Object.keys(selection)) if (!object.fields.some((f) => f.name === field)) throw new Error(`${path}: no field ${field}`);
  const fields = object.fields
    .filter((f) => selection[f.name] !== undefined)
    .map((f) => {
      const inner = selection[f.name]!;
      return inner === true ? f : { ...f, type: select(f.type, inner, `${path}.${f.name}`) };
    });
  return { ...object, fields } as avro.Schema;
}
