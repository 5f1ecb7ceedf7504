// The round aggregate, split by concern; import from the module that owns what you need:
//   round-guards.server      getRound, placeOf, requireAllowed and the lifecycle's facts
//   round-tally.server       the versions and kinds counted, the tally frozen at close
//   round-transition.server  transitionRound: every move along the lifecycle
//   round-views.server       what the round, manage and work pages read
// This file only re-exports them, for callers written before the split.
export * from "./round-guards.server";
export * from "./round-tally.server";
export * from "./round-transition.server";
export * from "./round-views.server";
