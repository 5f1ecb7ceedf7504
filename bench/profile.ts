// Summarise a V8 CPU profile (node --cpu-prof): self time per function and per package, so every
// claim about where a ballot's time goes can be checked against a file anyone can regenerate.
import { readFileSync } from "node:fs";

type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
};
type CpuProfile = {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
};

export type ProfileSummary = {
  totalMs: number;
  idleMs: number;
  functions: { name: string; where: string; selfMs: number; share: number }[];
  packages: { name: string; selfMs: number; share: number }[];
};

/** Which package (or app file) a frame belongs to: what the time is attributed to. */
export function packageOf(url: string): string {
  if (!url) return "(native / V8)";
  if (url.startsWith("node:")) return url;
  const nm = url.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = url.slice(nm + "node_modules/".length).split("/");
    return rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.includes("/build/server/")) return "app (build/server)";
  return url.replace(/^file:\/\//, "");
}

/**
 * Self time per function and package. With `window` (microseconds of the monotonic clock, as
 * `process.hrtime` reads it in any process of the machine, which is the clock V8 stamps samples
 * with), only the samples taken in it count: the load alone, without start-up and warm-up.
 */
export function summariseProfile(
  file: string,
  top = 15,
  window?: { fromUs: number; toUs: number },
): ProfileSummary {
  const p = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let at = p.startTime;
  p.samples.forEach((id, i) => {
    at += p.timeDeltas[i] ?? 0;
    if (window && (at < window.fromUs || at > window.toUs)) return;
    self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0));
  });
  const totalUs = window
    ? Math.min(p.endTime, window.toUs) - Math.max(p.startTime, window.fromUs)
    : p.endTime - p.startTime;
  if (totalUs <= 0) throw new Error("the profile has no samples in the load's time window");
  const fn = new Map<string, { name: string; where: string; us: number }>();
  const pkg = new Map<string, number>();
  let idleUs = 0;
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === "(idle)" || functionName === "(program)") {
      if (functionName === "(idle)") idleUs += us;
      continue;
    }
    const where = url ? `${packageOf(url)}:${lineNumber + 1}` : "";
    const key = `${functionName}@${where}`;
    const cur = fn.get(key) ?? { name: functionName || "(anonymous)", where, us: 0 };
    cur.us += us;
    fn.set(key, cur);
    const name = functionName === "(garbage collector)" ? "(garbage collector)" : packageOf(url);
    pkg.set(name, (pkg.get(name) ?? 0) + us);
  }
  const busyUs = totalUs - idleUs;
  const ms = (us: number) => Math.round(us / 100) / 10;
  const share = (us: number) => Math.round((us / busyUs) * 1000) / 10;
  return {
    totalMs: ms(totalUs),
    idleMs: ms(idleUs),
    functions: [...fn.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((f) => ({ name: f.name, where: f.where, selfMs: ms(f.us), share: share(f.us) })),
    packages: [...pkg.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, selfMs: ms(us), share: share(us) })),
  };
}
