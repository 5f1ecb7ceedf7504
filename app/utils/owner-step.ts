// Where /join and /me send a resident after the owner's first step: /me shows the code's form
// (the code went to the owner's phone) or, when the register has no phone, the in-person way.
export function ownerStepQuery(
  householdId: number,
  claim: { masked: string } | null | undefined,
): string {
  if (claim === undefined) return "";
  return claim ? `&code_sent=${householdId}` : `&in_person=${householdId}`;
}
