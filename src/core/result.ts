/** An expected outcome: a value, or an error that is part of normal operation. */
export type Result<T, E = Error> = { success: true; value: T } | { success: false; error: E };

/** Wraps a value as a successful result. */
export function ok<T>(value: T): Result<T, never> {
  return { success: true, value };
}

/** Wraps an error as a failed result. */
export function fail<E>(error: E): Result<never, E> {
  return { success: false, error };
}
