// The targets of issue #15, checked by `npm run bench` and shown in the README's Performance table.
export type Results = Record<string, number | string | undefined>;

export type Target = {
  name: string;
  key: string;
  /** how the target reads in the table */
  goal: string;
  ok: (v: number) => boolean;
};

/** Pages that need no script ship none (notice, receipts, dashboard, compound, home). */
export const SCRIPTLESS_PAGES = ["home", "notice", "receipts", "dashboard", "compound"] as const;

export const TARGETS: Target[] = [
  {
    name: "connections reset by SIGTERM under 100 clients, 1 process",
    key: "sigterm_c100_w1_resets",
    goal: "0",
    ok: (v) => v === 0,
  },
  {
    name: "connections reset by SIGTERM under 100 clients, 2 processes",
    key: "sigterm_c100_w2_resets",
    goal: "0",
    ok: (v) => v === 0,
  },
  {
    name: "new ballots through HTTP at 100 clients ÷ raw durable inserts",
    key: "ratio_new_http_c100_to_raw",
    goal: "≥ 0.25",
    ok: (v) => v >= 0.25,
  },
  {
    name: "new ballot p95 at 100 clients",
    key: "ballots_new_http_c100_p95_ms",
    goal: "< 50 ms",
    ok: (v) => v < 50,
  },
  {
    name: "close a round of 10,000 households × 5 options",
    key: "close_round_10k_ms",
    goal: "< 1,000 ms",
    ok: (v) => v < 1000,
  },
  {
    name: "city dashboard over 100,000 households",
    key: "dashboard_100k_ms",
    goal: "< 300 ms",
    ok: (v) => v < 300,
  },
  {
    name: "city dashboard over 100,000 households, one year",
    key: "dashboard_100k_year_ms",
    goal: "< 300 ms",
    ok: (v) => v < 300,
  },
  {
    name: "JavaScript modules on the vote page (gzip)",
    key: "js_gzip_kb_participate",
    goal: "≤ 120 kB",
    ok: (v) => v <= 120,
  },
  {
    name: "Lighthouse performance, vote page (mobile)",
    key: "lighthouse_performance_participate",
    goal: "≥ 95",
    ok: (v) => v >= 95,
  },
  // issue 28: the scale-out engine must not be the slow one, pages must not grow with the round
  {
    name: "PostgreSQL: new ballots at 100 clients ÷ a bare client's same writes",
    key: "pg_ratio_ballots_c100_w1_to_floor",
    goal: "≥ 0.3",
    ok: (v) => v >= 0.3,
  },
  {
    name: "PostgreSQL: machine busy during new ballots at 100 clients",
    key: "pg_ballots_new_http_c100_w1_machine_busy_pct",
    goal: "≥ 85 %",
    ok: (v) => v >= 85,
  },
  {
    name: "vote page CPU, 10,000 households ÷ 360",
    key: "ratio_page_vote_cpu_h10000_to_h360",
    goal: "≤ 1.25",
    ok: (v) => v <= 1.25,
  },
  {
    name: "PostgreSQL: vote page CPU, 10,000 households ÷ 360",
    key: "pg_ratio_page_vote_cpu_h10000_to_h360",
    goal: "≤ 1.25",
    ok: (v) => v <= 1.25,
  },
  {
    name: "closed round page's document, 10,000 households ÷ 360",
    key: "ratio_html_round_closed_h10000_to_h360",
    goal: "≤ 1.25",
    ok: (v) => v <= 1.25,
  },
  {
    name: "inline data on the vote page (gzip)",
    key: "js_inline_gzip_kb_participate",
    goal: "≤ 10 kB",
    ok: (v) => v <= 10,
  },
  ...SCRIPTLESS_PAGES.map((page) => ({
    name: `JavaScript on the ${page} page (gzip, modules and inline)`,
    key: `js_total_gzip_kb_${page}`,
    goal: "≤ 1 kB (none or nearly)",
    ok: (v: number) => v <= 1,
  })),
];

export type TargetResult = {
  name: string;
  key: string;
  goal: string;
  value: number | null;
  met: boolean;
};

/** Each target with its measured value; a target whose measurement is missing is not met. */
export function checkTargets(results: Results): TargetResult[] {
  return TARGETS.map((t) => {
    const v = results[t.key];
    const value = typeof v === "number" ? v : null;
    return { name: t.name, key: t.key, goal: t.goal, value, met: value != null && t.ok(value) };
  });
}
