import { useTranslation } from "react-i18next";
import { DenominatorFigures } from "~/components/denominators";
import { NoticeHeader } from "~/components/notice-header";
import { denominatorsOf } from "~/models/transparency.server";
import { notFoundOnDomainError } from "~/utils/errors.server";
import { dateTime } from "~/lib/format";
import { localName } from "~/utils/names";
import { NO_SCRIPTS } from "~/utils/scripts";
import { idParam } from "~/utils/params.server";
import type { Route } from "./+types/denominators";

// The denominators notice (基数公告): from the day TASTING opens, the heads and area in scope and
// the quorum and agreement lines, printable on A4 for the notice board (docs/product.md §8).
// plain HTML: a page to print needs no script
export const handle = NO_SCRIPTS;

export async function loader({ params }: Route.LoaderArgs) {
  const roundId = idParam(params, "roundId");
  return { notice: await notFoundOnDomainError(() => denominatorsOf(roundId)) };
}

export function meta({ data }: Route.MetaArgs) {
  return [{ title: data ? `基数公告 · ${data.notice.round.title}` : "点菜 Diancai" }];
}

export default function DenominatorsNotice({ loaderData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const n = loaderData.notice;
  const title = localName(lang, n.round.title, n.round.titleEn);
  return (
    <article className="notice-page">
      <NoticeHeader
        round={n.round}
        heading={t("denominators.notice_title", { round: title })}
        place={n.place}
        scopeKind={n.round.scopeKind}
        scopeNames={n.scopeNames}
      >
        <dt>{t("round.tasting_ends")}</dt>
        <dd>{dateTime(n.round.tastingEndsAt, lang)}</dd>
      </NoticeHeader>
      <h2>{t("denominators.title")}</h2>
      <DenominatorFigures d={n.denominators} flats={n.flats} rules={n.rules} />
      <p className="print-only">
        {t("notice.printed_from", { url: `/rounds/${n.round.id}/denominators` })}
      </p>
    </article>
  );
}
