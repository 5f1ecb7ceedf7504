import { DomainError } from "./errors";

// A household's ballot is one act (PRODUCT §4): it scores every published option of the round
// at once, and may be changed as a whole until the deadline.

export type OptionScore = { optionId: number; score: number; comment: string | null };

/** The stars that count as agreeing and disagreeing under a round's threshold (4 → 4–5 and 1–3). */
export function starMeaning(threshold: number): {
  agree: [number, number];
  disagree: [number, number] | null;
} {
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > 5)
    throw new RangeError(`threshold ${threshold}`);
  return { agree: [threshold, 5], disagree: threshold > 1 ? [1, threshold - 1] : null };
}

/** "4–5", or "5" when the range is one star: how a star range is written. */
export function starRange([from, to]: [number, number]): string {
  return from === to ? String(from) : `${from}–${to}`;
}

/**
 * The options a household ballot must score and the ones it may not: every published option
 * exactly once, nothing else. Returns the problems keyed by option (empty when the ballot is whole).
 */
export function ballotProblems(
  published: number[],
  scores: { optionId: number; score: number }[],
): Map<number, "missing" | "not_published" | "duplicate" | "score_range"> {
  const problems = new Map<number, "missing" | "not_published" | "duplicate" | "score_range">();
  const seen = new Set<number>();
  for (const s of scores) {
    if (seen.has(s.optionId)) problems.set(s.optionId, "duplicate");
    else if (!published.includes(s.optionId)) problems.set(s.optionId, "not_published");
    else if (!Number.isInteger(s.score) || s.score < 1 || s.score > 5)
      problems.set(s.optionId, "score_range");
    seen.add(s.optionId);
  }
  for (const id of published) if (!seen.has(id)) problems.set(id, "missing");
  return problems;
}

/** Throw the first problem of a household ballot as a refusal the resident can read. */
export function requireWholeBallot(
  published: number[],
  scores: { optionId: number; score: number }[],
) {
  if (published.length === 0) throw new DomainError("option_not_published", 404);
  const problems = [...ballotProblems(published, scores).values()];
  if (problems.includes("not_published")) throw new DomainError("option_not_published", 404);
  if (problems.includes("duplicate") || problems.includes("score_range"))
    throw new DomainError("score_range");
  if (problems.includes("missing")) throw new DomainError("ballot_incomplete");
}
