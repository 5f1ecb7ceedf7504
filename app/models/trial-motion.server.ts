import { fenToYuanString } from "~/domain/decimal";
import { dictionaryOf } from "~/i18n/dictionaries.server";
import { makeI18n } from "~/i18n";
import { day } from "~/lib/format";
import { openMotion } from "./matter.server";
import {
  openTrialMotion,
  type CreateMotion,
  type TrialActor,
  type TrialMotionRequest,
} from "./property-trial.server";

// The bridge between a trial and the motion kind of decision (matter.server.ts): what the owners
// are asked at the trial's end, in both languages, and the call that opens it.

/** "选聘 X，¥0.60/m²/月，3年" and its English; the ballot's question; fixed when the motion opens. */
export function trialMotionText(req: TrialMotionRequest) {
  const zh = makeI18n("zh-CN", dictionaryOf("zh-CN")).t;
  const en = makeI18n("en", dictionaryOf("en")).t;
  const price = fenToYuanString(req.priceFen);
  const lastDay = new Date(req.endsAt.getTime() - 1);
  return {
    title: zh("trial.motion_question", { company: req.company, price, count: req.termYears }),
    titleEn: en("trial.motion_question", {
      company: req.companyEn ?? req.company,
      price,
      count: req.termYears,
    }),
    question: zh("trial.motion_ballot_question", {
      company: req.company,
      price,
      count: req.termYears,
      from: day(req.startsAt, "zh-CN"),
      to: day(lastDay, "zh-CN"),
    }),
  };
}

/** Opens the motion of Art. 278 item (4) on the whole compound, voting at once. */
export const createTrialMotion: CreateMotion = async (req, actor, now) => {
  const { roundId } = await openMotion(
    {
      compoundId: req.compoundId,
      item: 4,
      votingEndsAt: req.votingEndsAt,
      ...trialMotionText(req),
    },
    {
      id: actor.id,
      role: actor.role as "street_office",
      streetId: actor.streetId ?? null,
      communityId: actor.communityId ?? null,
    },
    now,
  );
  return roundId;
};

/** The staff action: open the owners' decision on the trial now, voting until `votingEndsAt`. */
export function openTrialMotionNow(
  trialId: number,
  votingEndsAt: Date,
  actor: TrialActor,
  now = new Date(),
) {
  return openTrialMotion(trialId, votingEndsAt, actor, createTrialMotion, now);
}
