// A contact (email address or mobile number) is confirmed before any message goes out to it
// (issue 13): email by a link carrying a long random token, SMS by a six-digit code sent through
// the gateway. Only a hash of either is stored; a code expires, allows a few wrong tries, and a
// new one is sent at most once a minute.

export type VerifyChannel = "email" | "sms";

export const VERIFY = {
  expiresMs: { email: 24 * 60 * 60_000, sms: 10 * 60_000 } as Record<VerifyChannel, number>,
  maxTries: 5,
  resendAfterMs: 60_000,
};

export type PendingCode = {
  codeHash: string | null;
  codeExpires: Date | null;
  codeTries: number;
  codeSentAt: Date | null;
};

/** May a new code be sent now? Not within a minute of the last one. */
export function mayResend(p: Pick<PendingCode, "codeSentAt">, now: Date): boolean {
  return !p.codeSentAt || now.getTime() - p.codeSentAt.getTime() >= VERIFY.resendAfterMs;
}

export type CodeCheck =
  | { ok: true }
  | { ok: false; reason: "code_missing" | "code_expired" | "code_tries_used" | "code_wrong" };

/** Does this typed code's hash confirm the pending code? */
export function checkCode(p: PendingCode, typedHash: string, now: Date): CodeCheck {
  if (!p.codeHash || !p.codeExpires) return { ok: false, reason: "code_missing" };
  if (p.codeExpires.getTime() <= now.getTime()) return { ok: false, reason: "code_expired" };
  if (p.codeTries >= VERIFY.maxTries) return { ok: false, reason: "code_tries_used" };
  return typedHash === p.codeHash ? { ok: true } : { ok: false, reason: "code_wrong" };
}
