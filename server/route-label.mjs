// The route a request reached, for the metrics' `route` label: React Router's route id (e.g.
// routes/participate), whatever ids a path carries, so the label's values stay few. A data
// request (/rounds/7/participate.data, /_root.data) counts under the page it is for.
//
// React Router's own matchRoutes flattens and ranks every route on each call (milliseconds), so
// the routes are flattened and ranked once here, by React Router's rules: more segments, static
// segments (10) over dynamic ones (3) over a splat (-2), an index route +2; then first declared.
// Each path's answer is remembered (a bounded map, emptied when full).

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function score(segments, index) {
  let total = segments.length + (segments.includes("*") ? -2 : 0) + (index ? 2 : 0);
  for (const s of segments) {
    if (s === "*") continue;
    total += /^:[\w-]+\??$/.test(s) ? 3 : s === "" ? 1 : 10;
  }
  return total;
}

function pattern(segments) {
  const parts = segments
    .filter((s) => s !== "")
    .map((s) => {
      if (s === "*") return "(?:/.*)?";
      if (/^:[\w-]+\?$/.test(s)) return "(?:/[^/]+)?";
      if (/^:[\w-]+$/.test(s)) return "/[^/]+";
      return `/${escape(s)}`;
    });
  return new RegExp(`^${parts.join("") || "/"}/?$`, "i");
}

/** A function from a path to its route id ("unmatched" when no route matches). */
export function routeLabeller(manifest) {
  const all = Object.values(manifest);
  const branches = [];
  const walk = (parentId, prefix) => {
    for (const r of all.filter((x) => x.parentId === parentId)) {
      const path = [prefix, r.path ?? ""].filter(Boolean).join("/");
      const children = all.some((x) => x.parentId === r.id);
      if (children) walk(r.id, path);
      // a layout without a path of its own matches only through its children
      if (!children || r.index || r.path) {
        const segments = path.split("/");
        branches.push({ id: r.id, score: score(segments, r.index), re: pattern(segments) });
      }
    }
  };
  walk(undefined, "");
  branches.sort((a, b) => b.score - a.score);
  const known = new Map();
  return (pathname) => {
    let id = known.get(pathname);
    if (id !== undefined) return id;
    const page = pathname === "/_root.data" ? "/" : pathname.replace(/\.data$/, "");
    id = branches.find((b) => b.re.test(page))?.id ?? "unmatched";
    if (known.size >= 2_000) known.clear();
    known.set(pathname, id);
    return id;
  };
}
