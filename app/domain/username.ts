// The name a resident signs in with: a Chinese name, a name in letters, or a mobile number.
// Stored NFKC-normalised, so full-width letters and digits typed on a phone keyboard
// (ｗａｎｇ，１３８…) are the same name as their half-width forms, and unique in that form.

export const USERNAME_MIN = 2;
export const USERNAME_MAX = 20;

export type UsernameProblem = "required" | "username_short" | "username_long" | "username_chars";

/** NFKC, no surrounding space; a phone number typed with spaces or dashes loses them. */
export function normaliseUsername(raw: string): string {
  const s = raw.normalize("NFKC").trim();
  return /^\+?[0-9][0-9 -]{6,}[0-9]$/.test(s) ? s.replace(/[ -]/g, "") : s;
}

// letters of any script (汉字 included), digits, and the marks names use: · _ . -
const ALLOWED = /^[\p{L}\p{M}\p{N}·_.-]+$/u;

/** What is wrong with a (normalised) username, or null. Length counts characters, not bytes. */
export function usernameProblem(name: string): UsernameProblem | null {
  const length = [...name].length;
  if (length === 0) return "required";
  if (!ALLOWED.test(name)) return "username_chars";
  if (length < USERNAME_MIN) return "username_short";
  if (length > USERNAME_MAX) return "username_long";
  return null;
}
