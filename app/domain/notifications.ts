// What a household is told, on which channel, and when a failed message is tried again.
// Pure: the outbox (models/notification.server.ts) stores and sends what these functions decide.
import type { Phase } from "./round-lifecycle";

export const NOTIFICATION_KINDS = [
  "phase_opened",
  "option_published",
  "deadline_soon",
  "round_closed",
  "objection_answered",
  "milestone_posted",
  "deadline_moved",
  "paper_over_online",
  "repair_update", // a step of a repair ticket, told to the reporting household
  "owner_bound", // an account became an owner of the flat: its members and owners of record are told
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** In-app is always on; email and SMS only for households that opted in. */
export const CHANNELS = ["inapp", "email", "sms"] as const;
export type Channel = (typeof CHANNELS)[number];
export const OPT_IN_CHANNELS = ["email", "sms"] as const satisfies readonly Channel[];
export type OptInChannel = (typeof OPT_IN_CHANNELS)[number];

// pending → sending → sent; a failure goes back to pending with a later attempt, and after
// MAX_ATTEMPTS to failed. A message found "sending" after a crash is "unconfirmed": it may have
// left, so it is never sent again by itself (a restart must not send twice); staff may resend it.
export const STATUSES = ["pending", "sending", "sent", "failed", "unconfirmed"] as const;
export type DeliveryStatus = (typeof STATUSES)[number];
export const MAX_ATTEMPTS = 5;

/** Wait before attempt n+1 after n failed attempts: 1, 5, 30, 120 minutes. */
export function retryDelayMs(attempts: number): number {
  const minutes = [1, 5, 30, 120];
  return minutes[Math.min(Math.max(attempts, 1), minutes.length) - 1] * 60_000;
}

/** The deadlines a round's households are reminded of, by the phase that is running. */
export const REMINDED_PHASES = ["ORDERING", "TASTING"] as const satisfies readonly Phase[];
export const REMINDER_DAYS = [3, 1] as const;

/**
 * The reminder due now for a phase ending at `endsAt`: the smallest number of days in
 * REMINDER_DAYS that the deadline is within, or null when none is (or the deadline passed).
 */
export function dueReminder(endsAt: Date, now: Date): (typeof REMINDER_DAYS)[number] | null {
  const left = endsAt.getTime() - now.getTime();
  if (left <= 0) return null;
  const due = REMINDER_DAYS.filter((d) => left <= d * 86_400_000);
  return due.length ? due[due.length - 1] : null;
}

/** One key per event: the outbox keeps one message per (event, household, channel). */
export function eventKey(kind: NotificationKind, ...parts: (string | number)[]): string {
  return [kind, ...parts].join(":");
}

const EMAIL = /^[^\s@<>"]{1,64}@[^\s@<>"]+\.[^\s@<>"]{2,}$/;
const MOBILE = /^1[3-9]\d{9}$/; // mainland mobile number

/** A contact address for a channel, normalised, or null when it is not one. */
export function normaliseAddress(channel: OptInChannel, raw: string): string | null {
  const v = raw.trim();
  if (channel === "email") return v.length <= 254 && EMAIL.test(v) ? v.toLowerCase() : null;
  const digits = v.replace(/[\s-]/g, "").replace(/^\+?86/, "");
  return MOBILE.test(digits) ? digits : null;
}
