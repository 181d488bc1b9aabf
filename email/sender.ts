/** Splits a From header ("Name <address>") into the organizer of calendar invites. */
export function senderIdentity(from: string): { name: string; email: string } {
  const match = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(from);
  if (match) return { name: match[1]!.trim() || match[2]!, email: match[2]! };
  return { name: from.trim(), email: from.trim() };
}
