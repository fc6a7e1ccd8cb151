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
