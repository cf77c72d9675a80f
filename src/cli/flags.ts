/**
 * Parsers of command-line flag values shared by every command. Each throws commander's
 * InvalidArgumentError, which the CLI reports as one line with exit code 2.
 */
import { InvalidArgumentError } from 'commander';

/** An integer flag. */
export const int = (v: string): number => {
  const n = Number(v);
  if (v.trim() === '' || !Number.isInteger(n)) throw new InvalidArgumentError(`expected an integer, got '${v}'`);
  return n;
};

/** A finite number flag. */
export const num = (v: string): number => {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`expected a number, got '${v}'`);
  return n;
};

/** A comma-separated list of names (empty items dropped). */
export const names = (v: string): string[] => v.split(',').map((s) => s.trim()).filter((s) => s !== '');

/** A comma-separated list of numbers, or 'none' for the empty list. */
export const numbers = (v: string): number[] => (v.trim() === 'none' ? [] : names(v).map(num));

/**
 * A number, or 'none' (e.g. --clip-norm none), kept as the string 'none': commander turns a
 * parser's null into '', so the options are mapped with {@link orNull} when they are built.
 */
export const numOrNone = (v: string): number | 'none' => (v.trim() === 'none' ? 'none' : num(v));

/** null for a flag given as 'none' (see {@link numOrNone}); the value itself otherwise. */
export const orNull = <T>(v: T | 'none'): T | null => (v === 'none' ? null : v);
