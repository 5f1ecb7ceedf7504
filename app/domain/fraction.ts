// Exact fractions for the tally: compared by cross-multiplication in BigInt, never rounded.

export type Fraction = { num: number; den: number };

export function frac(num: number, den: number): Fraction {
  return { num, den };
}

/** Sign of a − b: −1, 0 or 1. A zero denominator counts as the fraction 0. */
export function compare(a: Fraction, b: Fraction): -1 | 0 | 1 {
  const an = a.den === 0 ? 0n : BigInt(a.num);
  const ad = a.den === 0 ? 1n : BigInt(a.den);
  const bn = b.den === 0 ? 0n : BigInt(b.num);
  const bd = b.den === 0 ? 1n : BigInt(b.den);
  const left = an * bd;
  const right = bn * ad;
  return left < right ? -1 : left > right ? 1 : 0;
}

export const atLeast = (a: Fraction, b: Fraction) => compare(a, b) >= 0;
export const above = (a: Fraction, b: Fraction) => compare(a, b) > 0;

/** For display only: a percentage with the given number of decimals, rounded half up. */
export function percent(f: Fraction, decimals = 2): string {
  if (f.den === 0) return (0).toFixed(decimals);
  const scale = 10n ** BigInt(decimals);
  const n = BigInt(f.num) * 100n * scale * 2n + BigInt(f.den);
  const q = n / (BigInt(f.den) * 2n);
  const whole = q / scale;
  const rest = (q % scale).toString().padStart(decimals, "0");
  return decimals > 0 ? `${whole}.${rest}` : `${whole}`;
}

const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));

/** For display only: the fraction in lowest terms and rounded half up to `decimals`, e.g. 14/3 ≈ 4.667. */
export function exact(f: Fraction, decimals = 3): { reduced: string; approx: string } {
  if (f.den === 0) return { reduced: "0", approx: (0).toFixed(decimals) };
  const g = gcd(BigInt(f.num), BigInt(f.den));
  const n = BigInt(f.num) / g;
  const d = BigInt(f.den) / g;
  const scale = 10n ** BigInt(decimals);
  const q = (n * scale * 2n + d) / (d * 2n);
  const rest = (q % scale).toString().padStart(decimals, "0");
  return {
    reduced: d === 1n ? `${n}` : `${n}/${d}`,
    approx: decimals > 0 ? `${q / scale}.${rest}` : `${q / scale}`,
  };
}
