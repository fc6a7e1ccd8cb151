import { readFileSync } from 'node:fs';
import { createOfferMap, type OfferMap } from '../domain/offerMap.js';
import type { Config } from './config.js';
import { ConfigError } from './configError.js';

/** Loads and checks LEADSTREAM_OFFER_MAP at start-up: a bad file stops the command before any lead is read. */
export function loadOfferMap(config: Config): OfferMap | undefined {
  const file = config.offerMapFile;
  if (file === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error: unknown) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new ConfigError('LEADSTREAM_OFFER_MAP', `cannot read ${file}: ${reason}`);
  }
  const map = createOfferMap(json);
  if (map.kind === 'OfferMapError') throw new ConfigError('LEADSTREAM_OFFER_MAP', `${file}: ${map.reason}`);
  return map;
}
