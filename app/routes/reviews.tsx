import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { reviewQueue } from "~/models/option.server";
import { requireDiscipline } from "~/utils/auth.server";
import { day, money } from "~/lib/format";
import type { Route } from "./+types/reviews";

export async function loader({ request }: Route.LoaderArgs) {
  await requireDiscipline(request, "audit");
  return { queue: await reviewQueue() };
}

export default function Reviews({ loaderData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <>
      <h1>{t("reviews.title")}</h1>
      {loaderData.queue.length === 0 ? (
        <p>{t("reviews.empty")}</p>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table className="stack-narrow">
            <caption>{t("reviews.caption", { count: loaderData.queue.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("reviews.round")}</th>
                <th scope="col">{t("tally.option")}</th>
                <th scope="col" className="num">
                  {t("tally.cost")}
                </th>
                <th scope="col">{t("reviews.submitted")}</th>
              </tr>
            </thead>
            <tbody>
              {loaderData.queue.map((v) => (
                <tr key={v.versionId}>
                  <td data-label={t("reviews.round")}>
                    {v.compound} · {v.roundTitle}
                  </td>
                  <th scope="row">
                    <Link to={`/rounds/${v.roundId}/options/${v.optionId}`}>
                      {v.code} · {v.title}（
                      {t("option.version_line", {
                        version: v.version,
                        status: t("version_status.submitted"),
                      })}
                      ）
                    </Link>
                  </th>
                  <td className="num" data-label={t("tally.cost")}>
                    {money(v.totalFen, lang)}
                  </td>
                  <td data-label={t("reviews.submitted")}>{day(v.createdAt, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
