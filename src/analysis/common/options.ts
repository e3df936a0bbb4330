/**
 * Checks of single option values inside an analysis, for values the runner cannot check against the option
 * specs (a value that depends on the data). Each returns the value to use: the given one when it is valid,
 * else the default, with a warning naming the option.
 */
import type { Diagnostic } from '../../types.js';
import { diag } from './diagnostics.js';
import { t } from './text.js';

/** A finite number within [min, max] (and an integer when asked); otherwise `fallback` and a warning. */
export function checkNumber(
  diagnostics: Diagnostic[],
  name: string,
  value: unknown,
  fallback: number,
  min: number,
  max: number,
  integer = false,
): number {
  if (
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= min &&
    value <= max &&
    (!integer || Number.isInteger(value))
  )
    return value;
  diagnostics.push(
    diag(
      'user.bad_option',
      'warning',
      t(
        `Option ${name} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}; ${fallback} was used instead of ${JSON.stringify(value)}.`,
        `选项 ${name} 应为 ${min} 到 ${max} 之间的${integer ? '整数' : '数字'}；已用 ${fallback} 代替 ${JSON.stringify(value)}。`,
      ),
    ),
  );
  return fallback;
}

/** One of `allowed`; otherwise `fallback` and a warning. */
export function checkChoice<T extends string | number>(
  diagnostics: Diagnostic[],
  name: string,
  value: unknown,
  fallback: T,
  allowed: readonly T[],
): T {
  if (allowed.includes(value as T)) return value as T;
  diagnostics.push(
    diag(
      'user.bad_option',
      'warning',
      t(
        `Option ${name} must be one of ${allowed.join(', ')}; ${fallback} was used instead of ${JSON.stringify(value)}.`,
        `选项 ${name} 应为 ${allowed.join('、')} 之一；已用 ${fallback} 代替 ${JSON.stringify(value)}。`,
      ),
    ),
  );
  return fallback;
}
