// Door to door without signal (扫楼离线): what an entry made on a worker's phone is, how long the
// phone keeps what it took along, and what each refusal at sync means for the worker
// (docs/decisions/035-offline-canvassing.md).
import { z } from "zod";
import { VISIT_OUTCOMES } from "./round-lifecycle";

/** A door list taken along is erased from the phone this long after it was taken. */
export const PACK_KEEP_HOURS = 72;
/** An entry not yet synced is erased from the phone this long after it was made. */
export const ENTRY_KEEP_DAYS = 7;

const uuid = z.string().uuid("errors.invalid");
const id = z.number().int().positive();
const text = (max: number) =>
  z.string().trim().min(1, "errors.required").max(max, "errors.too_long");

const common = {
  id: uuid,
  roundId: id,
  householdId: id,
  /** when the worker saved it, by the phone's clock (recorded, never trusted for rules) */
  deviceAt: z.iso.datetime(),
};

export const OfflineEntryInput = z.discriminatedUnion("kind", [
  z.object({
    ...common,
    kind: z.literal("visit"),
    outcome: z.enum(VISIT_OUTCOMES),
    note: z
      .string()
      .trim()
      .max(500, "errors.too_long")
      .nullish()
      .transform((s) => s || null),
  }),
  z.object({
    ...common,
    kind: z.literal("paper"),
    sheetNo: text(40),
    witness: text(40),
    scores: z
      .array(z.object({ optionId: id, score: z.number().int().min(1).max(5) }))
      .min(1, "errors.scores_required")
      .max(50),
    replaceOnlineReason: z
      .string()
      .trim()
      .max(500, "errors.too_long")
      .nullish()
      .transform((s) => s || null),
  }),
]);
export type OfflineEntryInput = z.infer<typeof OfflineEntryInput>;

/** The conflicts a worker is shown, each with what to do (offline.conflict_* and offline.todo_*). */
export const CONFLICTS = [
  "voted_online",
  "sheet_taken",
  "paper_already",
  "round_closed",
  "outside_community",
  "invalid",
] as const;
export type Conflict = (typeof CONFLICTS)[number];

/** Which conflict a refusal of the models is, by its error code. */
export function conflictOf(code: string): Conflict {
  switch (code) {
    case "replace_ballot_confirm":
      return "voted_online";
    case "sheet_no_taken":
      return "sheet_taken";
    case "paper_already_entered":
      return "paper_already";
    case "reason_wrong_phase":
    case "reason_tasting_over":
      return "round_closed";
    case "reason_outside_jurisdiction":
    case "household_not_in_scope":
    case "round_not_found":
      return "outside_community";
    default:
      return "invalid";
  }
}

/** A conflict the worker can settle on the phone and sync again; the others are set aside. */
export function canRetry(conflict: Conflict): boolean {
  return conflict === "voted_online" || conflict === "sheet_taken";
}
