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

/** How a standing ballot was cast, as the person about to replace it is told. */
export type BallotChannel = "online" | "paper" | "proxy";

/** A head's ballot as it stands: who cast it, how, from which flat and when. */
export type StandingBallot = {
  channel: "online" | "paper";
  castById: number;
  proxyId: number | null;
  /** the flat it was cast from; null for ballots cast before this was recorded */
  castFromId: number | null;
  at: Date;
};

/**
 * Must this cast be confirmed before it replaces the head's ballot (docs/decisions/039)? Yes when
 * any of the head's standing ballots is someone else's act: another caster (a co-owner, the
 * proxy, the worker who entered a sheet), another channel (a paper sheet over an online ballot or
 * the reverse) or another flat of the head. Changing one's own ballot, from the same flat on the
 * same channel, needs no confirmation. The answer names the latest such ballot: its channel (a
 * proxy's shows as "proxy") and time.
 */
export function replacementToConfirm(
  cast: { castById: number; channel: "online" | "paper"; castFromId: number },
  standing: StandingBallot[],
): { channel: BallotChannel; at: Date; castById: number } | null {
  const other = standing
    .filter(
      (b) =>
        b.castById !== cast.castById ||
        b.channel !== cast.channel ||
        (b.castFromId !== null && b.castFromId !== cast.castFromId),
    )
    .sort((a, b) => b.at.getTime() - a.at.getTime())[0];
  if (!other) return null;
  return {
    channel: other.proxyId !== null ? "proxy" : other.channel,
    at: other.at,
    castById: other.castById,
  };
}
