// What public pages may show of a person.

/** 张三丰 → 张**; a Latin name keeps its first letter. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return "";
  return chars[0] + "*".repeat(Math.max(2, chars.length - 1));
}
