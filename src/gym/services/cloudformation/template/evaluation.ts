import type { Result } from '../../../../core/result.js';
import type { ResolutionContext } from './resolution-context.js';
import { raise, TemplateFailure, type TemplateError } from './template-errors.js';

/** What AWS::NoValue evaluates to: the property or list item holding it disappears. */
export const noValue: unique symbol = Symbol('AWS::NoValue');

/** The state of one evaluation: the context, how condition names resolve, and the evaluator itself. */
export interface Evaluation {
  readonly context: ResolutionContext;
  /** The value of a named condition (lazily computed while the Conditions block itself is evaluated). */
  condition(name: string): boolean;
  /** Evaluates a nested value (Ref, functions, maps, lists) in this same evaluation. */
  evaluate(value: unknown): unknown;
}

/** Runs an evaluation, turning a failure raised anywhere inside it into a returned error. */
export function runEvaluation<T>(body: () => T): Result<T, TemplateError> {
  try {
    return { success: true, value: body() };
  } catch (error) {
    if (error instanceof TemplateFailure) return { success: false, error: error.error };
    throw error;
  }
}

/** Returns a result's value, or raises its error inside an evaluation. */
export function unwrap<T>(result: Result<T, TemplateError>): T {
  if (!result.success) raise(result.error);
  return result.value;
}
