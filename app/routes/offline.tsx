import { useCallback, useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { canRetry, ENTRY_KEEP_DAYS, PACK_KEEP_HOURS } from "~/domain/offline";
import { VISIT_OUTCOMES, type VisitOutcome } from "~/domain/round-lifecycle";
import { offlineChoices } from "~/models/offline.server";
import {
  dropEntry,
  dropPack,
  entries as storedEntries,
  expire,
  keepShell,
  packKey,
  packs as storedPacks,
  putEntry,
  savePack,
  type Entry,
  type Pack,
} from "~/offline/store";
import { registerDevice, syncNow, type SyncOutcome } from "~/offline/sync";
import { requireRole } from "~/utils/auth.server";
import { dateTime } from "~/lib/format";
import { localName } from "~/utils/names";
import type { Route } from "./+types/offline";

// Door to door without signal (docs/decisions/035-offline-canvassing.md): the worker takes units
// along while there is a connection, records visits and paper sheets into the phone's IndexedDB,
// and the entries sync when the connection returns. The page is the only one the service worker
// (public/offline-sw.js, scope /offline) keeps; without scripts it points to the door lists.

export const links: Route.LinksFunction = () => [{ rel: "manifest", href: "/offline.webmanifest" }];

export async function loader({ request }: Route.LoaderArgs) {
  const account = await requireRole(request, "community_worker");
  return { choices: await offlineChoices(account) };
}

type Note = { key: string; params?: Record<string, string | number> };

function outcomeNote(o: SyncOutcome): Note {
  if (o.kind === "done")
    return o.conflicts > 0
      ? { key: "offline.synced_conflicts", params: { stored: o.stored, conflicts: o.conflicts } }
      : { key: "offline.synced", params: { stored: o.stored } };
  return {
    key: `offline.${o.kind === "offline" ? "sync_offline" : o.kind === "revoked" ? "revoked" : "sync_signed_out"}`,
  };
}

export default function Offline({ loaderData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { choices } = loaderData;
  const [ready, setReady] = useState(false);
  const [online, setOnline] = useState(true);
  const [packs, setPacks] = useState<Pack[]>([]);
  const [entries, setEntries] = useState<Entry[]>([]);
  const [openKey, setOpenKey] = useState<string | null>(null);
  const [chosen, setChosen] = useState<number | "">("");
  const [note, setNote] = useState<Note | null>(null);
  const [busy, setBusy] = useState(false);

  const reload = useCallback(async () => {
    const [p, e] = await Promise.all([storedPacks(), storedEntries()]);
    setPacks(p);
    setEntries(e);
    setOpenKey((k) => (k && p.some((x) => x.key === k) ? k : (p[0]?.key ?? null)));
  }, []);

  const sync = useCallback(async () => {
    if (!navigator.onLine) return;
    setBusy(true);
    setNote({ key: "offline.syncing" });
    try {
      const outcome = await syncNow();
      setNote(outcomeNote(outcome));
    } finally {
      setBusy(false);
      await reload();
    }
  }, [reload]);

  useEffect(() => {
    setReady(true);
    setOnline(navigator.onLine);
    if ("serviceWorker" in navigator)
      navigator.serviceWorker.register("/offline-sw.js", { scope: "/offline" }).catch(() => {});
    void (async () => {
      const gone = await expire();
      if (gone > 0)
        setNote({ key: "offline.expired", params: { count: gone, days: ENTRY_KEEP_DAYS } });
      await reload();
      if (navigator.onLine) {
        await keepShell().catch(() => {});
        await sync();
      }
    })();
    const up = () => {
      setOnline(true);
      void sync();
    };
    const down = () => setOnline(false);
    window.addEventListener("online", up);
    window.addEventListener("offline", down);
    return () => {
      window.removeEventListener("online", up);
      window.removeEventListener("offline", down);
    };
  }, [reload, sync]);

  async function takeAlong(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const [roundId, unitId] = String(new FormData(e.currentTarget).get("unit")).split(":");
    setBusy(true);
    try {
      const registered = await registerDevice();
      if (registered !== "ok") {
        setNote({ key: registered === "revoked" ? "offline.revoked" : "offline.sync_signed_out" });
        return;
      }
      const res = await fetch(`/offline/pack?roundId=${roundId}&unitId=${unitId}`, {
        cache: "no-store",
      });
      if (!res.ok) throw new Error(String(res.status));
      const pack = (await res.json()) as Omit<Pack, "key">;
      const key = packKey(pack.round.id, pack.unitId);
      await savePack({ ...pack, key });
      await keepShell();
      await reload();
      setOpenKey(key);
      setNote({ key: "offline.taken", params: { unit: pack.unitName } });
    } catch {
      setNote({ key: "offline.take_failed" });
    } finally {
      setBusy(false);
    }
  }

  async function record(entry: Entry, saved: string) {
    await putEntry(entry);
    await reload();
    setNote({ key: saved });
    if (navigator.onLine) await sync();
  }

  async function retry(entry: Entry, change: Partial<Entry>) {
    await putEntry({ ...entry, ...change, state: "pending" } as Entry);
    await sync();
  }

  const pack = packs.find((p) => p.key === openKey) ?? null;
  const roundTitle = (r: Pack["round"]) => localName(lang, r.title, r.titleEn);

  if (!ready)
    return (
      <>
        <h1>{t("offline.title")}</h1>
        <p>{t("offline.needs_scripts")}</p>
        <ul>
          {choices.map((c) => (
            <li key={c.round.id}>
              <a href={`/rounds/${c.round.id}/doors`}>
                {t("offline.doors_link", {
                  round: localName(lang, c.round.title, c.round.titleEn),
                })}
              </a>
            </li>
          ))}
        </ul>
      </>
    );

  return (
    <>
      <h1>{t("offline.title")}</h1>
      <p>{t("offline.intro")}</p>
      <p className="hint">{t(online ? "offline.online" : "offline.offline")}</p>
      <p aria-live="polite" aria-atomic="true" id="offline-note">
        {note ? t(note.key, note.params) : ""}
      </p>

      <section aria-labelledby="pending-title" className="card stack">
        <h2 id="pending-title">{t("offline.pending_title", { count: entries.length })}</h2>
        {entries.length === 0 ? (
          <p>{t("offline.pending_none")}</p>
        ) : (
          <>
            <p className="hint">{t("offline.sign_out_warning")}</p>
            <ul className="stack">
              {entries.map((e) => (
                <PendingEntry
                  key={e.id}
                  entry={e}
                  busy={busy}
                  onRetry={(change) => retry(e, change)}
                  onDiscard={async () => {
                    await dropEntry(e.id);
                    await reload();
                  }}
                />
              ))}
            </ul>
            <button type="button" onClick={() => void sync()} disabled={busy || !online}>
              {t("offline.sync_now")}
            </button>
          </>
        )}
      </section>

      <section aria-labelledby="take-title" className="card stack">
        <h2 id="take-title">{t("offline.take_title")}</h2>
        <p className="hint">{t("offline.take_hint", { hours: PACK_KEEP_HOURS })}</p>
        {choices.length === 0 ? (
          <p>{t("offline.no_units")}</p>
        ) : (
          <form onSubmit={(e) => void takeAlong(e)} className="stack">
            <div className="field">
              <label htmlFor="take-unit">{t("offline.take_unit")}</label>
              <select id="take-unit" name="unit">
                {choices.map((c) => (
                  <optgroup
                    key={c.round.id}
                    label={localName(lang, c.round.title, c.round.titleEn)}
                  >
                    {c.units.map((u) => (
                      <option key={u.id} value={`${c.round.id}:${u.id}`}>
                        {t("offline.take_option", { unit: u.name, count: u.toVisit })}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
            </div>
            {!online && <p className="hint">{t("offline.take_offline")}</p>}
            <button type="submit" disabled={busy || !online}>
              {t("offline.take_submit")}
            </button>
          </form>
        )}
        <h3>{t("offline.taken_title")}</h3>
        {packs.length === 0 ? (
          <p>{t("offline.taken_none")}</p>
        ) : (
          <ul>
            {packs.map((p) => (
              <li key={p.key}>
                {roundTitle(p.round)}：
                {t("offline.taken_until", { unit: p.unitName, at: dateTime(p.expiresAt, lang) })}{" "}
                <button type="button" onClick={() => setOpenKey(p.key)}>
                  {t("offline.open", { unit: p.unitName })}
                </button>{" "}
                <button
                  type="button"
                  onClick={async () => {
                    await dropPack(p.key);
                    await reload();
                  }}
                >
                  {t("offline.drop", { unit: p.unitName })}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>

      {pack && (
        <PackView
          pack={pack}
          title={t("offline.pack_title", { round: roundTitle(pack.round), unit: pack.unitName })}
          chosen={chosen}
          onChoose={setChosen}
          onVisit={(householdId, address, outcome, note) =>
            record(
              {
                id: crypto.randomUUID(),
                kind: "visit",
                roundId: pack.round.id,
                householdId,
                address,
                deviceAt: new Date().toISOString(),
                state: "pending",
                outcome,
                note,
              },
              "offline.saved_visit",
            )
          }
          onPaper={(entry) => record(entry, "offline.saved_paper")}
        />
      )}
    </>
  );
}

function PendingEntry({
  entry,
  busy,
  onRetry,
  onDiscard,
}: {
  entry: Entry;
  busy: boolean;
  onRetry: (change: Partial<Entry>) => Promise<void>;
  onDiscard: () => Promise<void>;
}) {
  const { t, i18n } = useTranslation();
  const [value, setValue] = useState("");
  const what =
    entry.kind === "visit"
      ? t("offline.entry_visit", { address: entry.address, outcome: t(`visit.${entry.outcome}`) })
      : t("offline.entry_paper", {
          address: entry.address,
          sheetNo: entry.sheetNo,
          witness: entry.witness,
        });
  const c = entry.conflict;
  return (
    <li>
      {what}，{t("offline.entry_at", { at: dateTime(entry.deviceAt, i18n.language) })}
      {entry.state === "pending" ? (
        <>：{t("offline.entry_pending")}</>
      ) : (
        c && (
          <div role="alert" className="stack">
            <p>
              {t(`offline.conflict_${c}`, { ...entry.params, code: entry.code })}{" "}
              {t(`offline.todo_${c}`)}
            </p>
            {canRetry(c) && (
              <div className="field">
                <label htmlFor={`fix-${entry.id}`}>
                  {t(c === "voted_online" ? "offline.reason" : "offline.new_sheet_no")}
                </label>
                <input
                  id={`fix-${entry.id}`}
                  value={value}
                  onChange={(e) => setValue(e.target.value)}
                  maxLength={c === "voted_online" ? 500 : 40}
                />
                <button
                  type="button"
                  disabled={busy || value.trim() === ""}
                  onClick={() =>
                    void onRetry(
                      c === "voted_online"
                        ? { replaceOnlineReason: value.trim() }
                        : { sheetNo: value.trim() },
                    )
                  }
                >
                  {t(c === "voted_online" ? "offline.confirm_retry" : "offline.correct_retry")}
                </button>
              </div>
            )}
            <button
              type="button"
              onClick={() => void onDiscard()}
              aria-label={t("offline.discard_for", { address: entry.address })}
            >
              {t("offline.discard")}
            </button>
          </div>
        )
      )}
    </li>
  );
}

function PackView({
  pack,
  title,
  chosen,
  onChoose,
  onVisit,
  onPaper,
}: {
  pack: Pack;
  title: string;
  chosen: number | "";
  onChoose: (id: number | "") => void;
  onVisit: (
    householdId: number,
    address: string,
    outcome: VisitOutcome,
    note: string | null,
  ) => Promise<void>;
  onPaper: (entry: Entry) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);

  async function visit(e: FormEvent<HTMLFormElement>, h: Pack["households"][number]) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const note = String(data.get("note") ?? "")
      .trim()
      .slice(0, 500);
    await onVisit(h.id, h.address, data.get("outcome") as VisitOutcome, note || null);
    form.reset();
  }

  async function paper(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const household = pack.households.find((h) => h.id === Number(data.get("householdId")));
    const sheetNo = String(data.get("sheetNo") ?? "").trim();
    const witness = String(data.get("witness") ?? "").trim();
    const scores = pack.options
      .map((o) => ({ optionId: o.id, score: Number(data.get(`score_${o.id}`)) }))
      .filter((s) => s.score >= 1 && s.score <= 5);
    const photo = data.get("photo");
    const file = photo instanceof File && photo.size > 0 ? photo : null;
    if (!household || !sheetNo || !witness) return setError("errors.check_form");
    if (scores.length === 0) return setError("errors.scores_required");
    if (file && file.size > 5 * 1024 * 1024) return setError("errors.photo_size");
    setError(null);
    await onPaper({
      id: crypto.randomUUID(),
      kind: "paper",
      roundId: pack.round.id,
      householdId: household.id,
      address: household.address,
      deviceAt: new Date().toISOString(),
      state: "pending",
      sheetNo,
      witness,
      scores,
      replaceOnlineReason: null,
      photo: file,
    });
    form.reset();
    onChoose("");
  }

  return (
    <section aria-labelledby="pack-title" className="stack">
      <h2 id="pack-title">{title}</h2>
      <div className="table-wrap" tabIndex={0}>
        <table className="door-list stack-narrow">
          <caption>{t("doors.list_caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("doors.address")}</th>
              <th scope="col">{t("roster.floor")}</th>
              <th scope="col">{t("roster.owner")}</th>
              <th scope="col">{t("doors.record")}</th>
            </tr>
          </thead>
          <tbody>
            {pack.households.map((h) => (
              <tr key={h.id}>
                <th scope="row">{h.address}</th>
                <td data-label={t("roster.floor")}>{h.floor}</td>
                <td data-label={t("roster.owner")}>{h.ownerName}</td>
                <td>
                  <form className="visit-form" onSubmit={(e) => void visit(e, h)}>
                    <label htmlFor={`o-${h.id}`} className="visually-hidden">
                      {t("doors.outcome_for", { address: h.address })}
                    </label>
                    <select id={`o-${h.id}`} name="outcome">
                      {VISIT_OUTCOMES.map((o) => (
                        <option key={o} value={o}>
                          {t(`visit.${o}`)}
                        </option>
                      ))}
                    </select>
                    <label htmlFor={`n-${h.id}`} className="visually-hidden">
                      {t("doors.note_for", { address: h.address })}
                    </label>
                    <input
                      id={`n-${h.id}`}
                      name="note"
                      maxLength={500}
                      placeholder={t("doors.note")}
                    />
                    <button type="submit" aria-label={t("doors.save_for", { address: h.address })}>
                      {t("doors.save")}
                    </button>
                  </form>
                  <button
                    type="button"
                    onClick={() => {
                      onChoose(h.id);
                      document.getElementById("offline-paper")?.scrollIntoView();
                    }}
                    aria-label={t("doors.paper_for", { address: h.address })}
                  >
                    {t("doors.paper")}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <form id="offline-paper" className="card stack" onSubmit={(e) => void paper(e)}>
        <h3>{t("offline.paper_title")}</h3>
        <p className="hint">{t("offline.paper_hint")}</p>
        {error && (
          <p role="alert" className="error">
            {t(error)}
          </p>
        )}
        <div className="field">
          <label htmlFor="offline-household">{t("work.household")}</label>
          <select
            id="offline-household"
            name="householdId"
            value={chosen}
            onChange={(e) => onChoose(e.target.value ? Number(e.target.value) : "")}
          >
            <option value="">{t("work.choose")}</option>
            {pack.households.map((h) => (
              <option key={h.id} value={h.id}>
                {h.address}
              </option>
            ))}
          </select>
        </div>
        {pack.options.map((o) => (
          <div className="field" key={o.id}>
            <label htmlFor={`offline-score-${o.id}`}>
              {t("work.score_for", { option: `${o.code} · ${o.title}` })}
            </label>
            <select id={`offline-score-${o.id}`} name={`score_${o.id}`} defaultValue="">
              <option value="">{t("work.no_score")}</option>
              {[1, 2, 3, 4, 5].map((n) => (
                <option key={n} value={n}>
                  {t("stars.n", { count: n })}
                </option>
              ))}
            </select>
          </div>
        ))}
        <div className="field">
          <label htmlFor="offline-sheet">{t("work.sheet_no")}</label>
          <input id="offline-sheet" name="sheetNo" maxLength={40} required />
        </div>
        <div className="field">
          <label htmlFor="offline-witness">{t("work.witness")}</label>
          <input id="offline-witness" name="witness" maxLength={40} required />
        </div>
        <div className="field">
          <label htmlFor="offline-photo">{t("offline.photo")}</label>
          <p id="offline-photo-hint" className="hint">
            {t("offline.photo_hint")}
          </p>
          <input
            id="offline-photo"
            name="photo"
            type="file"
            accept="image/jpeg,image/png,image/webp"
            capture="environment"
            aria-describedby="offline-photo-hint"
          />
        </div>
        <button type="submit">{t("offline.paper_submit")}</button>
      </form>
    </section>
  );
}
