/** How a member is addressed in emails and reports: councillors by title, co-opted members by name. */
export function memberDisplayName(member: { givenName: string; familyName: string; roles: readonly string[] }): string {
  const name = `${member.givenName} ${member.familyName}`;
  return member.roles.includes('COUNCILLOR') ? `Councillor ${name}` : name;
}
