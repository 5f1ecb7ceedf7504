import type { Tx } from "~/db.server";
import type { MatterItem } from "~/domain/matters";
import { applyTrialDecision } from "./property-trial.server";

// What else happens when a motion or an election is decided. Each function runs inside the
// transaction that moves the round to ADOPTED or FAILED, so its writes stand or fall with the
// decision (and are audit-logged by the function itself). A module that acts on a result — the
// property-service trial, whose item-(4) motion changes who manages the compound — adds its own
// function to MATTER_DECIDED_HOOKS and finds its matter by roundId.

export type MatterDecided = {
  roundId: number;
  compoundId: number;
  kind: "motion" | "election";
  item: MatterItem;
  adopted: boolean;
  actorId: number;
  now: Date;
};

export type MatterDecidedHook = (tx: Tx, decided: MatterDecided) => Promise<void>;

export const MATTER_DECIDED_HOOKS: MatterDecidedHook[] = [
  // a property service on trial: the owners' item-(4) decision sets who manages the compound
  applyTrialDecision,
];

export async function runMatterDecided(tx: Tx, decided: MatterDecided) {
  for (const hook of MATTER_DECIDED_HOOKS) await hook(tx, decided);
}
