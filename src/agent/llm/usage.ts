import { PRICES_TAKEN, priceOf } from './prices.js';
import type { ChatModel, ChatRequest, ModelTurn, TokenUsage } from './types.js';

/** Token use and cost of one model over a run. */
export interface ModelUsage {
  readonly model: string;
  readonly turns: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** USD, or 'unknown' for a hosted model with no price in the table. */
  readonly costUsd: number | 'unknown';
}

/** Token use and cost of a whole run, over every model it used. */
export interface UsageTotals {
  readonly turns: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** USD; 'unknown' when any model's price is unknown (a partial sum would understate it). */
  readonly costUsd: number | 'unknown';
  readonly byModel: readonly ModelUsage[];
  /** When the prices were taken (`YYYY-MM`). */
  readonly pricesTaken: string;
}

/**
 * Counts a run's model turns, tokens and cost. One meter per run (`cirro ask`, a benchmark trial);
 * wrap each model with `meter.wrap(model)` and every turn it takes is counted.
 */
export class UsageMeter {
  private readonly models = new Map<string, { turns: number; inputTokens: number; outputTokens: number; endpoint: string | undefined }>();

  /** Adds one turn's tokens for `modelId` (`provider:model`). */
  record(modelId: string, usage: TokenUsage, endpoint?: string): void {
    const entry = this.models.get(modelId) ?? { turns: 0, inputTokens: 0, outputTokens: 0, endpoint };
    entry.turns++;
    entry.inputTokens += usage.inputTokens;
    entry.outputTokens += usage.outputTokens;
    this.models.set(modelId, entry);
  }

  /** The model, counting every turn it completes (failed calls cost nothing and are not counted). */
  wrap(model: ChatModel): ChatModel {
    const record = (turn: ModelTurn): ModelTurn => {
      this.record(model.id, turn.usage, model.endpoint);
      return turn;
    };
    return {
      id: model.id,
      ...(model.endpoint !== undefined ? { endpoint: model.endpoint } : {}),
      complete: async (request: ChatRequest) => record(await model.complete(request)),
    };
  }

  /** The totals so far. */
  totals(): UsageTotals {
    const byModel: ModelUsage[] = [...this.models].map(([model, entry]) => {
      const price = priceOf(model, entry.endpoint);
      const costUsd = price.type === 'free' ? 0 : price.type === 'unknown' ? 'unknown' : (entry.inputTokens * price.input + entry.outputTokens * price.output) / 1_000_000;
      return { model, turns: entry.turns, inputTokens: entry.inputTokens, outputTokens: entry.outputTokens, costUsd };
    });
    const sum = (pick: (usage: ModelUsage) => number): number => byModel.reduce((total, usage) => total + pick(usage), 0);
    const costUsd = byModel.some((usage) => usage.costUsd === 'unknown') ? 'unknown' : sum((usage) => usage.costUsd as number);
    return { turns: sum((usage) => usage.turns), inputTokens: sum((usage) => usage.inputTokens), outputTokens: sum((usage) => usage.outputTokens), costUsd, byModel, pricesTaken: PRICES_TAKEN };
  }
}

/** One line for a person: `2 model turns, 1,234 input + 56 output tokens, about $0.0004 (prices of 2026-03)`. */
export function formatUsage(totals: UsageTotals): string {
  const count = (value: number): string => value.toLocaleString('en-US');
  if (totals.turns === 0) return 'no model turns';
  const tokens = `${count(totals.turns)} model turn${totals.turns === 1 ? '' : 's'}, ${count(totals.inputTokens)} input + ${count(totals.outputTokens)} output tokens`;
  if (totals.costUsd === 'unknown') {
    const unpriced = totals.byModel.filter((usage) => usage.costUsd === 'unknown').map((usage) => usage.model);
    return `${tokens}, cost unknown (no price for ${unpriced.join(', ')})`;
  }
  if (totals.costUsd === 0) return `${tokens}, no cost (local model)`;
  return `${tokens}, about $${formatDollars(totals.costUsd)} (list prices of ${totals.pricesTaken})`;
}

function formatDollars(value: number): string {
  if (value < 0.0001) return '0.0001 or less';
  if (value >= 1) return value.toFixed(2);
  return value.toPrecision(2).replace(/0+$/, '').replace(/\.$/, '');
}
