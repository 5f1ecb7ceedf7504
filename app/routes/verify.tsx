import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { verifyExports, VerifyError, type Figure } from "~/domain/verify";
import { verifiableRound } from "~/models/transparency.server";
import { notFoundOnDomainError } from "~/utils/errors.server";
import { localName } from "~/utils/names";
import { idParam } from "~/utils/params.server";
import type { Route } from "./+types/verify";

// 核验: anyone recomputes a closed round's published tally in their own browser, from the round's
// exports or from files they choose. The tally code is the server's (app/domain); nothing is
// uploaded. Without JavaScript the page says so and points to the command that does the same.
export async function loader({ params }: Route.LoaderArgs) {
  const roundId = idParam(params, "roundId");
  return { round: await notFoundOnDomainError(() => verifiableRound(roundId)) };
}

export function meta({ data }: Route.MetaArgs) {
  return [{ title: data ? `核验 · ${data.round.title}` : "点菜 Diancai" }];
}

type Outcome =
  | { state: "idle" | "working" }
  | { state: "done"; source: "round" | "files"; figures: Figure[]; match: boolean }
  | { state: "error"; message: string; line?: number; value?: string };

const readText = (f: File) => f.text();

export default function Verify({ loaderData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { round } = loaderData;
  const base = `/rounds/${round.id}/export`;
  const [scripted, setScripted] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>({ state: "idle" });

  const run = async (source: "round" | "files", texts: () => Promise<[string, string]>) => {
    setOutcome({ state: "working" });
    try {
      const [csv, rules] = await texts();
      const v = verifyExports(csv, rules);
      setOutcome({ state: "done", source, figures: v.figures, match: v.match });
    } catch (e) {
      setOutcome(
        e instanceof VerifyError
          ? { state: "error", message: `verify.error.${e.code}`, line: e.line, value: e.value }
          : { state: "error", message: "verify.error.fetch" },
      );
    }
  };
  const fetchText = async (file: string) => {
    const res = await fetch(`${base}/${file}`);
    if (!res.ok) throw new Error(String(res.status));
    return res.text();
  };
  const checkRound = () =>
    run("round", () => Promise.all([fetchText("ballots.csv"), fetchText("rules.json")]));

  useEffect(() => {
    setScripted(true);
    void checkRound();
    // once, on arrival: the round's own exports
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const onFiles = (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const csv = form.get("ballots");
    const rules = form.get("rules");
    if (!(csv instanceof File) || !csv.size || !(rules instanceof File) || !rules.size) {
      setOutcome({ state: "error", message: "verify.error.choose_both" });
      return;
    }
    void run("files", () => Promise.all([readText(csv), readText(rules)]));
  };

  const value = (f: Figure, v: string) => {
    if (v === "true") return t("verify.yes");
    if (v === "false") return t("verify.no");
    if (v === "null") return t("verify.none");
    if (f.key.endsWith("_area") && /^\d+$/.test(v))
      return `${new Intl.NumberFormat(lang, { minimumFractionDigits: 2 }).format(Number(v) / 100)} m²`;
    return v;
  };

  return (
    <article className="stack">
      <nav aria-label={t("nav.breadcrumb")} className="breadcrumb">
        <Link to={`/rounds/${round.id}/notice`}>{localName(lang, round.title, round.titleEn)}</Link>
      </nav>
      <h1>{t("verify.title")}</h1>
      <p>{t("verify.intro")}</p>
      {!scripted && <p className="notice">{t("verify.needs_js")}</p>}
      {scripted && (
        <>
          <div role="status" aria-live="polite">
            {outcome.state === "working" && <p>{t("verify.working")}</p>}
            {outcome.state === "error" && (
              <p className="form-error">
                {t(outcome.message)}
                {outcome.line !== undefined &&
                  ` ${t("verify.error.at_line", { line: outcome.line })}`}
                {outcome.value !== undefined && ` “${outcome.value}”`}
              </p>
            )}
            {outcome.state === "done" && (
              <p className={outcome.match ? "notice" : "form-error"}>
                <strong>{outcome.match ? "MATCH" : "MISMATCH"}</strong>{" "}
                {t(outcome.match ? "verify.match" : "verify.mismatch", {
                  count: outcome.figures.filter((f) => !f.match).length,
                })}{" "}
                {t(`verify.source.${outcome.source}`)}
              </p>
            )}
          </div>
          {outcome.state === "done" && (
            <div className="table-wrap" tabIndex={0}>
              <table>
                <caption>{t("verify.caption")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("verify.figure_col")}</th>
                    <th scope="col">{t("verify.published")}</th>
                    <th scope="col">{t("verify.recomputed")}</th>
                    <th scope="col">{t("verify.result")}</th>
                  </tr>
                </thead>
                <tbody>
                  {outcome.figures.map((f) => (
                    <tr key={`${f.option ?? ""}${f.key}`}>
                      <th scope="row">
                        {f.option && `${t("verify.option", { code: f.option })} · `}
                        {t(`verify.figure.${f.key}`)}
                      </th>
                      <td>{value(f, f.published)}</td>
                      <td>{value(f, f.recomputed)}</td>
                      <td>
                        <strong className={f.match ? undefined : "mismatch"}>
                          {f.match ? "MATCH" : "MISMATCH"}
                        </strong>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <button type="button" onClick={() => void checkRound()}>
            {t("verify.again")}
          </button>
          <h2>{t("verify.own_files")}</h2>
          <p>{t("verify.own_files_help")}</p>
          <form className="stack narrow" onSubmit={onFiles}>
            <div className="field">
              <label htmlFor="ballots">ballots.csv</label>
              <input id="ballots" name="ballots" type="file" accept=".csv,text/csv" />
            </div>
            <div className="field">
              <label htmlFor="rules">rules.json</label>
              <input id="rules" name="rules" type="file" accept=".json,application/json" />
            </div>
            <button type="submit">{t("verify.check_files")}</button>
          </form>
        </>
      )}
      <h2>{t("verify.downloads")}</h2>
      <ul className="chips">
        {["ballots.csv", "rules.json"].map((f) => (
          <li key={f}>
            <a href={`${base}/${f}`} download>
              {f}
            </a>
          </li>
        ))}
      </ul>
      <p className="small">
        {t("verify.command")} <code>npm run verify-round -- ballots.csv rules.json</code>
      </p>
    </article>
  );
}
