import type { Message, ServerFrame } from '@parley/protocol';

const messageFrames = new WeakMap<Message, string>();

/** The `message.created` frame for a message, serialized once however many sockets receive it. */
export function messageFrame(message: Message): string {
  let frame = messageFrames.get(message);
  if (frame === undefined) {
    frame = JSON.stringify({ type: 'message.created', message } satisfies ServerFrame);
    messageFrames.set(message, frame);
  }
  return frame;
}

export function encode(frame: ServerFrame): string {
  return JSON.stringify(frame);
}

/** The `ref` of a client frame that was refused before or during validation, if it had a usable one. */
export function refOf(json: unknown): string | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const ref = (json as { ref?: unknown }).ref;
  return typeof ref === 'string' && ref.length <= 64 ? ref : undefined;
}
