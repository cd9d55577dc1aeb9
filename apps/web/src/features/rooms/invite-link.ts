const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** An invite link: the room in the path, the code in the fragment so it never reaches server logs. */
export function inviteLink(origin: string, roomId: string, code: string): string {
  return `${origin}/invite/${roomId}#${encodeURIComponent(code)}`;
}

/** Reads a pasted invite link (any host, so links from another address of the same server work). */
export function parseInviteLink(text: string): { roomId: string; code: string } | undefined {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return undefined;
  }
  const match = /^\/invite\/([^/]+)\/?$/.exec(url.pathname);
  const roomId = match?.[1];
  const code = decodeURIComponent(url.hash.replace(/^#/, ''));
  if (!roomId || !UUID.test(roomId) || !/^[A-Za-z0-9_-]{1,128}$/.test(code)) return undefined;
  return { roomId, code };
}
