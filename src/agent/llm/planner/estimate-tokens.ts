/**
 * Estimates how many tokens a text costs a BPE tokenizer (OpenAI's o200k/cl100k, Anthropic's), without
 * shipping one: a run of letters costs one token per 6 characters, a run of digits one per 3 (tokenizers
 * split numbers in threes), a run of other non-space characters one per 3. Calibrated against o200k on
 * Cirro's own prompts (system prompt, tool schemas, inventory views; see docs/benchmarks.md), where it
 * counts high by 3 to 20 percent — the safe side of a budget — while chars/4 counts JSON and ids low.
 */
export function estimateTokens(text: string): number {
  let tokens = 0;
  for (const match of text.matchAll(/[A-Za-z]+|\d+|[^\sA-Za-z\d]+/g)) {
    const piece = match[0];
    const first = piece.charCodeAt(0);
    const letters = (first >= 65 && first <= 90) || (first >= 97 && first <= 122);
    tokens += Math.ceil(piece.length / (letters ? 6 : 3));
  }
  return tokens;
}
