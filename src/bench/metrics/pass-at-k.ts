/*
 * pass@k and pass^k from n trials of a task with c successes (Chen et al. 2021, "Evaluating Large
 * Language Models Trained on Code"; Yao et al. 2024, τ-bench, for pass^k). Both are the unbiased
 * estimators over the n trials run, not 1 - (1 - c/n)^k, so they stay honest when n is small.
 */

/** C(n, k) as a float; exact for the small n a benchmark runs. */
function choose(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let value = 1;
  for (let index = 1; index <= k; index++) value = (value * (n - k + index)) / index;
  return value;
}

function checkArguments(n: number, c: number, k: number): void {
  if (!Number.isInteger(n) || !Number.isInteger(c) || !Number.isInteger(k)) throw new Error(`pass@k needs whole numbers, got n=${n} c=${c} k=${k}`);
  if (n < 1 || c < 0 || c > n || k < 1 || k > n) throw new Error(`pass@k needs 1 <= k <= n and 0 <= c <= n, got n=${n} c=${c} k=${k}`);
}

/** The chance that at least one of k trials drawn from the n run passes: 1 − C(n−c, k) / C(n, k). */
export function passAtK(n: number, c: number, k: number): number {
  checkArguments(n, c, k);
  if (n - c < k) return 1;
  return 1 - choose(n - c, k) / choose(n, k);
}

/**
 * The chance that all of k trials drawn from the n run pass: C(c, k) / C(n, k). With k = n it is 1
 * when every trial passed and 0 otherwise ("passes all k").
 */
export function passHatK(n: number, c: number, k: number): number {
  checkArguments(n, c, k);
  return choose(c, k) / choose(n, k);
}

/** Trials and successes of one task. */
export interface TaskTally {
  readonly trials: number;
  readonly successes: number;
}

/**
 * pass@k and pass^k averaged over tasks (each task weighs the same, however many trials it ran);
 * null when some task ran fewer than k trials, where neither is defined.
 */
export function averagePassRates(tasks: readonly TaskTally[], k: number): { passAtK: number; passHatK: number } | null {
  if (tasks.length === 0 || tasks.some((task) => task.trials < k)) return null;
  const sum = (estimate: (n: number, c: number, k: number) => number) => tasks.reduce((total, task) => total + estimate(task.trials, task.successes, k), 0);
  return { passAtK: sum(passAtK) / tasks.length, passHatK: sum(passHatK) / tasks.length };
}
