// The route a request reached, for the metrics' `route` label: React Router's route id (e.g.
// routes/participate), whatever ids a path carries, so the label's values stay few. A data
// request (/rounds/7/participate.data, /_root.data) counts under the page it is for.
import { matchRoutes } from "react-router";

/** A function from a path to its route id ("unmatched" when no route matches). */
export function routeLabeller(manifest) {
  const children = (parentId) =>
    Object.values(manifest)
      .filter((r) => r.parentId === parentId)
      .map((r) => ({
        id: r.id,
        path: r.path,
        index: r.index,
        caseSensitive: r.caseSensitive,
        children: children(r.id),
      }));
  const routes = children(undefined);
  // matching ranks every route on each call: remember the answer for paths already seen (a
  // bounded map, emptied when full, as the hot path's statement cache is)
  const known = new Map();
  return (pathname) => {
    let id = known.get(pathname);
    if (id !== undefined) return id;
    const page = pathname === "/_root.data" ? "/" : pathname.replace(/\.data$/, "");
    const matches = matchRoutes(routes, page);
    id = matches ? matches[matches.length - 1].route.id : "unmatched";
    if (known.size >= 2_000) known.clear();
    known.set(pathname, id);
    return id;
  };
}
