import { parseWithZod } from "@conform-to/zod/v4";
import { data } from "react-router";
import { DomainError } from "~/domain/errors";
import { SetupError } from "~/domain/rules";
import { RoundFormSchema, toSetup } from "~/components/round-form";

/**
 * Parse the round set-up form and run the model call; every problem comes back to the form at
 * once (the shape from zod, the legal floors and deadlines from the domain), with what was typed.
 */
export async function submitRoundForm<T>(
  form: FormData,
  run: (setup: ReturnType<typeof toSetup>) => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; response: ReturnType<typeof data> }> {
  const submission = parseWithZod(form, { schema: RoundFormSchema });
  if (submission.status !== "success")
    return { ok: false, response: data(submission.reply(), { status: 400 }) };
  try {
    return { ok: true, value: await run(toSetup(submission.value)) };
  } catch (e) {
    if (e instanceof SetupError)
      return {
        ok: false,
        response: data(
          submission.reply({
            fieldErrors: Object.fromEntries(Object.entries(e.fields).map(([k, v]) => [k, [v!]])),
          }),
          { status: 400 },
        ),
      };
    if (e instanceof DomainError)
      return {
        ok: false,
        response: data(submission.reply({ formErrors: [`errors.${e.code}`] }), {
          status: e.status,
        }),
      };
    throw e;
  }
}
