import type { Message, ServerFrame } from '@parley/protocol';

/**
 * A server frame serialized to UTF-8 once. A fan-out hands the same bytes to every socket, so
 * neither JSON.stringify nor the string-to-bytes copy runs per socket; `type` labels the metric.
 */
export interface EncodedFrame {
  readonly type: ServerFrame['type'];
  readonly bytes: Buffer;
}

export function encode(frame: ServerFrame): EncodedFrame {
  return { type: frame.type, bytes: Buffer.from(JSON.stringify(frame)) };
}

const messageFrames = new WeakMap<Message, EncodedFrame>();

/** The `message.created` frame for a message, serialized once however many sockets receive it. */
export function messageFrame(message: Message): EncodedFrame {
  let frame = messageFrames.get(message);
  if (frame === undefined) {
    frame = encode({ type: 'message.created', message });
    messageFrames.set(message, frame);
  }
  return frame;
}

/** The `ref` of a client frame that was refused before or during validation, if it had a usable one. */
export function refOf(json: unknown): string | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const ref = (json as { ref?: unknown }).ref;
  return typeof ref === 'string' && ref.length <= 64 ? ref : undefined;
}
