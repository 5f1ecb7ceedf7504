import { DomainError } from "~/domain/errors";
import { fenToYuanString } from "~/domain/decimal";
import { dictionaryOf } from "~/i18n/dictionaries.server";
import { makeI18n } from "~/i18n";
import {
  openTrialMotion,
  type CreateMotion,
  type TrialActor,
  type TrialMotionRequest,
} from "./property-trial.server";

// The bridge between a trial and the motion kind of decision: what the owners are asked at the
// trial's end, in both languages, and the call that opens it.

/** "选聘 X，¥0.50/m²/月，3年" and its English, fixed when the motion opens like a round's title. */
export function trialMotionQuestion(req: TrialMotionRequest) {
  const params = (lng: "zh-CN" | "en") => ({
    company: lng === "en" ? (req.companyEn ?? req.company) : req.company,
    price: fenToYuanString(req.priceFen),
    count: req.termYears,
  });
  const zh = makeI18n("zh-CN", dictionaryOf("zh-CN")).t("trial.motion_question", params("zh-CN"));
  const en = makeI18n("en", dictionaryOf("en")).t("trial.motion_question", params("en"));
  return { title: zh, titleEn: en };
}

/** Opens a motion of Art. 278 item (4) for the trial: not yet wired to the motion kind (issue 31). */
export const createTrialMotion: CreateMotion = async () => {
  throw new DomainError("trial_motion_unavailable", 503);
};

/** The staff action: open the owners' decision on the trial now. */
export function openTrialMotionNow(trialId: number, actor: TrialActor, now = new Date()) {
  return openTrialMotion(trialId, actor, createTrialMotion, now);
}
