import { useTranslation } from "react-i18next";
import { REPAIR_CATEGORIES, URGENCIES } from "~/domain/repairs";
import { Field, TextAreaField } from "./field";

const CATEGORY_HINTS = new Set(["water", "drainage", "leak"]);

type Building = { id: number; name: string; floors: number; units: { id: number; name: string }[] };

/**
 * What a repair report asks: the category first (one tap), then how urgent, where, what, and up
 * to three photos. `flat` offers the reporter's own flat as the place (a resident's report).
 */
export function RepairFields({
  buildings,
  flat,
  errors = {},
}: {
  buildings: Building[];
  flat: boolean;
  errors?: Record<string, string>;
}) {
  const { t } = useTranslation();
  const err = (name: string) =>
    errors[name] ? (
      <p className="field-error" id={`${name}-error`}>
        {t(errors[name])}
      </p>
    ) : null;
  return (
    <>
      <fieldset
        className="repair-categories"
        aria-describedby={errors.category ? "category-error" : undefined}
      >
        <legend>{t("repairs.form.category")}</legend>
        {REPAIR_CATEGORIES.map((c, i) => (
          <div className="check" key={c}>
            <input
              type="radio"
              id={`category-${c}`}
              name="category"
              value={c}
              required={i === 0}
              aria-label={CATEGORY_HINTS.has(c) ? t(`repairs.categories.${c}`) : undefined}
              aria-describedby={CATEGORY_HINTS.has(c) ? `category-${c}-hint` : undefined}
            />
            <label htmlFor={`category-${c}`}>
              {t(`repairs.categories.${c}`)}
              {/* plain words beside the trade's name (水管漏水 by 供水): the radio's description */}
              {CATEGORY_HINTS.has(c) && (
                <span className="hint" id={`category-${c}-hint`}>
                  {" "}
                  {t(`repairs.category_hints.${c}`)}
                </span>
              )}
            </label>
          </div>
        ))}
        {err("category")}
      </fieldset>
      <div className="field">
        <label htmlFor="urgency">{t("repairs.form.urgency")}</label>
        <select id="urgency" name="urgency" defaultValue="normal">
          {URGENCIES.map((u) => (
            <option key={u} value={u}>
              {t(`repairs.urgencies.${u}`)}
            </option>
          ))}
        </select>
      </div>
      <fieldset>
        <legend>{t("repairs.form.place")}</legend>
        {flat && (
          <div className="check">
            <input type="radio" id="place-flat" name="placeKind" value="flat" defaultChecked />
            <label htmlFor="place-flat">{t("repairs.form.place_flat")}</label>
          </div>
        )}
        <div className="check">
          <input
            type="radio"
            id="place-public"
            name="placeKind"
            value="public"
            defaultChecked={!flat}
          />
          <label htmlFor="place-public">{t("repairs.form.place_public")}</label>
        </div>
        {/* hidden while 我家里 is chosen (CSS :has, with or without JavaScript): the flat is known */}
        <div className="place-where">
          <div className="field">
            <label htmlFor="buildingId">{t("repairs.form.building")}</label>
            <select
              id="buildingId"
              name="buildingId"
              defaultValue=""
              aria-invalid={errors.buildingId ? true : undefined}
              aria-describedby={errors.buildingId ? "buildingId-error" : undefined}
            >
              <option value="">{t("repairs.form.choose")}</option>
              {buildings.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name}
                </option>
              ))}
            </select>
            {err("buildingId")}
          </div>
          <div className="field">
            <label htmlFor="unitId">{t("repairs.form.unit")}</label>
            <select id="unitId" name="unitId" defaultValue="">
              <option value="">{t("repairs.form.any_unit")}</option>
              {buildings.map((b) => (
                <optgroup key={b.id} label={b.name}>
                  {b.units.map((u) => (
                    <option key={u.id} value={u.id}>
                      {b.name}
                      {u.name}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
            {err("unitId")}
          </div>
          <Field
            name="floor"
            type="number"
            inputMode="numeric"
            label={t("repairs.form.floor")}
            optional
            error={errors.floor}
          />
        </div>
        <Field
          name="placeNote"
          label={t("repairs.form.place_note")}
          optional
          error={errors.placeNote}
        />
      </fieldset>
      <TextAreaField name="text" label={t("repairs.form.text")} optional error={errors.text} />
      <Field
        name="photos"
        type="file"
        accept="image/jpeg,image/png,image/webp"
        multiple
        optional={flat}
        label={t("repairs.form.photos")}
        hint={t("repairs.form.photos_hint")}
        error={errors.photos}
      />
    </>
  );
}
