import { ConfigError } from './configError.js';

/** A commander option parser for a whole number ≥ `min`, failing with a one-line error naming the option. */
export const wholeNumber = (name: string, min: number) => (value: string): number => {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min) throw new ConfigError(name, `"${value}" is not a whole number ≥ ${min}`);
  return n;
};

/** A commander option parser for a number > 0. */
export const positiveNumber = (name: string) => (value: string): number => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new ConfigError(name, `"${value}" is not a positive number`);
  return n;
};
