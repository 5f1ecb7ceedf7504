// Where an account lands after signing in and where the header's "mine" link goes: the property
// desk and technicians work from their repair queue; everyone else from /me (their rounds).
export function homeOf(role: string): string {
  return role === "property_service" ? "/repairs" : "/me";
}
