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
