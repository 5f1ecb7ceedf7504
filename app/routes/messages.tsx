import { useTranslation } from "react-i18next";
import { Form, Link, useNavigation } from "react-router";
import { markStaffNoticesRead, staffNoticesOf } from "~/models/staff-notice.server";
import { requireRole } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { dateTime } from "~/lib/format";
import { localName } from "~/utils/names";
import { CsrfInput } from "~/components/csrf-input";
import type { Route } from "./+types/messages";

// The staff side's messages: a repair escalated to the community or the street office, a new
// objection for the street office, a warranty claim for a contractor. Reading changes nothing;
// a form marks them read.
const STAFF = ["community_worker", "street_office", "expert", "property_service", "admin"] as const;

export async function loader({ request }: Route.LoaderArgs) {
  const account = await requireRole(request, ...STAFF);
  const notices = await staffNoticesOf(account.id);
  return { notices: notices.map((n) => ({ ...n, createdAt: n.createdAt.toISOString() })) };
}

export async function action({ request }: Route.ActionArgs) {
  const account = await requireRole(request, ...STAFF);
  await readForm(request);
  await markStaffNoticesRead(account.id);
  return redirectWithFlash(request, "/messages", "flash.inbox_read");
}

export function meta() {
  return [{ title: "消息 · 点菜 Diancai" }];
}

export default function Messages({ loaderData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { notices } = loaderData;
  const busy = useNavigation().state === "submitting";
  const unread = notices.filter((n) => !n.read).length;
  return (
    <>
      <h1>{t("staff_messages.title")}</h1>
      {notices.length === 0 ? (
        <p>{t("inbox.empty")}</p>
      ) : (
        <>
          {unread > 0 && (
            <Form method="post">
              <CsrfInput />
              <button type="submit" disabled={busy}>
                {t("inbox.mark_read")}
              </button>
            </Form>
          )}
          <ul className="inbox">
            {notices.map((n) => (
              <li key={n.id} className={n.read ? "card" : "card unread"}>
                <h3>
                  <Link to={n.link}>
                    {t(`staff_messages.kinds.${n.kind}`, {
                      ticket: n.params.ticket,
                      round: n.params.round,
                      compound: n.params.compound
                        ? localName(lang, n.params.compound, n.params.compoundEn)
                        : "",
                    })}
                  </Link>
                  {!n.read && <span className="badge">{t("inbox.new")}</span>}
                </h3>
                <p className="meta">
                  <time dateTime={n.createdAt}>{dateTime(n.createdAt, lang)}</time>
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
