import type { Message } from '@parley/protocol';
import type { Bus, RoomEvent } from './types.js';

/**
 * Wraps any Bus to time message fan-out: from publish to the end of a local subscriber's handler,
 * which is where the Hub writes the frame to each subscribed socket.
 * In-process delivery hands the very same message object on, so its publish time is looked up;
 * a message from another instance (Redis) is timed from its createdAt instead.
 */
export function timedBus(inner: Bus, observe: (seconds: number) => void, now: () => number = Date.now): Bus {
  const publishedAt = new WeakMap<Message, number>();
  const timed = (event: RoomEvent, handle: () => void) => {
    if (event.kind !== 'message') return handle();
    handle();
    const start = publishedAt.get(event.message) ?? Date.parse(event.message.createdAt);
    const elapsed = now() - start;
    // A skewed clock between instances must not record nonsense.
    if (Number.isFinite(elapsed) && elapsed >= 0) observe(elapsed / 1000);
  };
  return {
    publish(roomId, event) {
      if (event.kind === 'message') publishedAt.set(event.message, now());
      inner.publish(roomId, event);
    },
    subscribe: (roomId, handler) => inner.subscribe(roomId, (event) => timed(event, () => handler(event))),
    publishToUser: (userId, event) => inner.publishToUser(userId, event),
    subscribeUser: (userId, handler) => inner.subscribeUser(userId, handler),
    publishToDirectory: (event) => inner.publishToDirectory(event),
    subscribeDirectory: (handler) => inner.subscribeDirectory(handler),
    publishToInstances: (event) => inner.publishToInstances(event),
    subscribeInstances: (handler) => inner.subscribeInstances(handler),
    isReady: () => inner.isReady?.() ?? true,
    close: () => inner.close(),
  };
}
