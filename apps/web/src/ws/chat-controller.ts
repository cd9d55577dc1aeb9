import type { Attachment, Message, ReplyPreview, ServerFrame, ServerFrameOf, Subscription, User } from '@parley/protocol';
import { isApiError } from '../api/api-error';
import { applyInstance, refreshInstance } from '../features/instance/instance-store';
import { getHistory, listRooms, markRead } from '../api/rooms';
import { getAccessToken, refreshAccessToken } from '../api/token-refresh';
import type { KeyValueStore } from '../lib/key-value-store';
import { createRandomId } from '../lib/random-id';
import { reportError } from '../lib/report';
import { Store } from '../lib/store';
import { applyDisconnected, applyFrame, applyHistoryPage, applyMembershipState, applyRoomList, applyStreamMessages, expireTyping } from './chat-reducer';
import { initialChatState, isMember, updateRoom, type ChatState } from './chat-state';
import { loadOutbox, mergeOutbox, outboxKey, saveOutbox, sendable, sendFrame, type OutboxItem } from './outbox';
import { ReadSync } from './read-sync';
import { planMessages } from './send-plan';
import { defaultSocketUrl, SocketClient } from './socket-client';
import { TypingSender } from './typing-sender';
import { isViewing, markViewed } from './unread';

export interface ChatControllerDeps {
  me: User;
  storage: KeyValueStore;
  onSignedOut(): void;
}

/** Codes after which a send is worth trying again on its own; anything else marks the item failed. */
const TRANSIENT = new Set(['rate_limited', 'internal', 'unavailable']);
const RESEND_DELAY_MS = 2000;
const ROOM_LIST_REFRESH_MS = 60_000;
/** A public room changed: refetch the list after a random delay up to this, so clients do not all ask at once. */
const DIRECTORY_JITTER_MS = 2000;
const SEND_REF = 'send:';
const SUB_REF = 'sub:';

/** The tab is in front of the user: hidden or unfocused tabs leave rooms unread. */
const isAttentive = () => document.visibilityState === 'visible' && document.hasFocus();

/**
 * The chat session of one signed-in user: owns the socket, the persisted outbox and the room model,
 * and turns REST answers and socket frames into new immutable ChatState snapshots.
 */
export class ChatController {
  readonly store: Store<ChatState>;
  private readonly socket: SocketClient;
  private readonly typing: TypingSender;
  /** clientMsgIds already sent on the current socket; cleared on reconnect, so each is resent once. */
  private readonly sentOnSocket = new Set<string>();
  /** Rooms with a subscription requested on the current socket. */
  private readonly subscribing = new Set<string>();
  /** clientMsgIds this tab saw settled, so merging another tab's outbox cannot revive them. */
  private readonly settled = new Set<string>();
  private timers: Array<ReturnType<typeof setInterval>> = [];
  private directoryRefresh: ReturnType<typeof setTimeout> | undefined;
  private readonly readSync: ReadSync;
  private readonly liveListeners = new Set<(message: Message) => void>();

  constructor(private readonly deps: ChatControllerDeps) {
    this.store = new Store(initialChatState(deps.me, loadOutbox(deps.storage, deps.me.id), isAttentive()));
    this.readSync = new ReadSync({
      put: markRead,
      onSaved: (state) => this.commit((s) => applyMembershipState(s, state)),
      onFailed: (roomId, err) => {
        if (!isApiError(err, 'network') && !isApiError(err, 'not_room_member')) reportError('marking read failed', { roomId, err });
      },
    });
    // One reaction to every change: whatever the user is looking at is read, here and on the server.
    this.store.subscribe(() => this.syncRead());
    this.socket = new SocketClient({
      url: defaultSocketUrl(),
      getToken: getAccessToken,
      refreshToken: refreshAccessToken,
      subscriptions: () => this.subscriptions(),
      onFrame: (f) => this.handleFrame(f),
      onState: (connection) => this.store.update((s) => (s.connection === connection ? s : { ...s, connection })),
      onClosed: () => this.handleClosed(),
      onSignedOut: () => deps.onSignedOut(),
    });
    this.typing = new TypingSender((frame) => this.socket.send(frame));
  }

  start(): void {
    window.addEventListener('storage', this.handleStorage);
    document.addEventListener('visibilitychange', this.handleAttention);
    window.addEventListener('focus', this.handleAttention);
    window.addEventListener('blur', this.handleAttention);
    this.socket.start();
    void this.refreshRooms();
    this.timers = [
      setInterval(() => this.store.update((s) => expireTyping(s, Date.now())), 1000),
      setInterval(() => {
        if (this.socket.isReady) void this.refreshRooms();
      }, ROOM_LIST_REFRESH_MS),
    ];
  }

  stop(): void {
    window.removeEventListener('storage', this.handleStorage);
    document.removeEventListener('visibilitychange', this.handleAttention);
    window.removeEventListener('focus', this.handleAttention);
    window.removeEventListener('blur', this.handleAttention);
    this.readSync.flush();
    for (const t of this.timers) clearInterval(t);
    clearTimeout(this.directoryRefresh);
    this.directoryRefresh = undefined;
    this.typing.cancel();
    this.socket.stop();
  }

  /** Applies `fn`, then persists the outbox if it changed and remembers what left it. */
  commit(fn: (s: ChatState) => ChatState): void {
    const before = this.store.get().outbox;
    this.store.update(fn);
    const after = this.store.get().outbox;
    if (after === before) return;
    const kept = new Set(after.map((i) => i.clientMsgId));
    for (const i of before) if (!kept.has(i.clientMsgId)) this.settled.add(i.clientMsgId);
    saveOutbox(this.deps.storage, this.deps.me.id, after);
  }

  // --- sending -------------------------------------------------------------------------------

  /**
   * Queues what the composer holds: the text and any uploaded attachments, as one or more messages
   * (see planMessages). They go out now if connected, otherwise on the next `session.ready`.
   * `replyTo` is the message answered (Reply); the first message carries it.
   */
  sendMessage(roomId: string, text: string, attachments: readonly Attachment[] = [], replyTo?: ReplyPreview): void {
    const planned = planMessages(text, attachments);
    if (planned.length === 0) return;
    this.typing.stopNow();
    const createdAt = new Date().toISOString();
    const items: OutboxItem[] = planned.map((m, i) => ({
      clientMsgId: createRandomId(),
      roomId,
      kind: m.kind,
      body: m.body,
      ...(m.kind !== 'text' && { attachments: m.attachments }),
      ...(i === 0 && replyTo && { replyTo }),
      createdAt,
    }));
    this.commit((s) => ({ ...s, outbox: [...s.outbox, ...items] }));
    this.flushOutbox();
  }

  /** The signed-in user's profile changed (new avatar): pending messages and stand-ins show it. */
  setMe(me: User): void {
    this.store.update((s) => (s.me === me ? s : { ...s, me }));
  }

  retrySend(clientMsgId: string): void {
    this.commit((s) => ({ ...s, outbox: s.outbox.map((i) => (i.clientMsgId === clientMsgId ? { ...i, failed: undefined } : i)) }));
    this.flushOutbox();
  }

  discardSend(clientMsgId: string): void {
    this.commit((s) => ({ ...s, outbox: s.outbox.filter((i) => i.clientMsgId !== clientMsgId) }));
  }

  setTyping(roomId: string, active: boolean): void {
    this.typing.update(roomId, active);
  }

  /** Sends every waiting item not yet sent on this socket; resends are safe (idempotent on clientMsgId). */
  private flushOutbox(): void {
    if (!this.socket.isReady) return;
    for (const item of sendable(this.store.get().outbox)) {
      if (this.sentOnSocket.has(item.clientMsgId)) continue;
      if (!this.socket.send(sendFrame(item, SEND_REF + item.clientMsgId))) return;
      this.sentOnSocket.add(item.clientMsgId);
    }
  }

  // --- read markers --------------------------------------------------------------------------

  /** Calls `fn` with every message that arrives live (not history), after the model took it in. */
  onLiveMessage(fn: (message: Message) => void): () => void {
    this.liveListeners.add(fn);
    return () => this.liveListeners.delete(fn);
  }

  private readonly handleAttention = () => {
    const attentive = isAttentive();
    this.store.update((s) => (s.attentive === attentive ? s : { ...s, attentive }));
  };

  /** Clears the open room's count if the user is looking at it, and queues the marker for the server. */
  private syncRead(): void {
    const state = this.store.get();
    const id = state.activeRoomId;
    if (!id || !isViewing(state, id)) return;
    // Re-entrant on purpose: markViewed returns the same state once done, so this settles in one step.
    this.store.update(markViewed);
    const r = this.store.get().rooms[id];
    if (r && r.room.lastReadSeq > 0) this.readSync.request(id, r.room.lastReadSeq);
  }

  // --- socket events -------------------------------------------------------------------------

  private subscriptions(): Subscription[] {
    this.subscribing.clear();
    return Object.values(this.store.get().rooms)
      .filter(isMember)
      .map((r) => {
        this.subscribing.add(r.room.id);
        return { roomId: r.room.id, afterSeq: r.streamSeq };
      });
  }

  private handleFrame(frame: ServerFrame): void {
    switch (frame.type) {
      case 'session.ready':
        this.sentOnSocket.clear();
        this.flushOutbox();
        // Catches rooms joined or left elsewhere, and settings changed, while this socket was down.
        void this.refreshRooms();
        void refreshInstance();
        return;
      case 'instance.updated':
        applyInstance(frame.instance);
        return;
      case 'room.resync-required':
        void this.resync(frame.roomId, frame.afterSeq);
        return;
      case 'directory.changed':
        // Several announcements within the delay share one refetch.
        this.directoryRefresh ??= setTimeout(() => {
          this.directoryRefresh = undefined;
          void this.refreshRooms();
        }, Math.random() * DIRECTORY_JITTER_MS);
        return;
      case 'error':
        this.handleError(frame);
        return;
      case 'room.unsubscribed':
        this.subscribing.delete(frame.roomId);
        break;
      case 'membership.updated': {
        // Joined on another device (or the list is behind): the list brings the room and its stream.
        const known = this.store.get().rooms[frame.roomId];
        if (!known || !isMember(known)) void this.refreshRooms();
        break;
      }
    }
    this.commit((s) => applyFrame(s, frame, Date.now()));
    if (frame.type === 'message.created') for (const fn of this.liveListeners) fn(frame.message);
  }

  private handleClosed(): void {
    this.subscribing.clear();
    this.sentOnSocket.clear();
    this.typing.cancel();
    this.store.update(applyDisconnected);
  }

  private handleError(frame: ServerFrameOf<'error'>): void {
    const ref = frame.ref ?? '';
    if (ref.startsWith(SEND_REF)) {
      const id = ref.slice(SEND_REF.length);
      this.sentOnSocket.delete(id);
      if (TRANSIENT.has(frame.code)) {
        setTimeout(() => this.flushOutbox(), RESEND_DELAY_MS);
        return;
      }
      this.commit((s) => ({ ...s, outbox: s.outbox.map((i) => (i.clientMsgId === id ? { ...i, failed: frame.code } : i)) }));
      return;
    }
    if (ref.startsWith(SUB_REF)) {
      this.subscribing.delete(ref.slice(SUB_REF.length));
      if (!TRANSIENT.has(frame.code)) void this.refreshRooms();
      return;
    }
    // Unreferenced errors come from hello subscriptions of rooms we no longer belong to, or typing.
    if (frame.code === 'not_room_member' || frame.code === 'room_not_found') void this.refreshRooms();
  }

  /** Too much was missed for a replay: page the gap over REST, then resume the stream after it. */
  private async resync(roomId: string, afterSeq: number): Promise<void> {
    this.subscribing.add(roomId);
    let cursor = Math.max(afterSeq, this.store.get().rooms[roomId]?.streamSeq ?? afterSeq);
    try {
      for (;;) {
        const page = await getHistory(roomId, { after: cursor }, 100);
        this.commit((s) => applyStreamMessages(s, roomId, page.messages));
        cursor = page.messages[page.messages.length - 1]?.seq ?? cursor;
        if (!page.hasMore) break;
      }
      this.socket.send({ type: 'room.subscribe', ref: SUB_REF + roomId, roomId, afterSeq: cursor });
    } catch (err) {
      // The next session.hello asks for this room again from where paging stopped.
      this.subscribing.delete(roomId);
      reportError('resync failed', err);
    }
  }

  private readonly handleStorage = (e: StorageEvent) => {
    if (e.key !== outboxKey(this.deps.me.id)) return;
    const theirs = loadOutbox(this.deps.storage, this.deps.me.id);
    this.store.update((s) => ({ ...s, outbox: mergeOutbox(s.outbox, theirs, this.settled) }));
    this.flushOutbox();
  };

  // --- rooms ---------------------------------------------------------------------------------

  async refreshRooms(): Promise<void> {
    try {
      const rooms = await listRooms();
      this.commit((s) => applyRoomList(s, rooms));
      this.subscribeMissing();
    } catch (err) {
      if (!isApiError(err, 'network')) reportError('loading rooms failed', err);
    }
  }

  /** Subscribes the socket to every room the user belongs to that it does not follow yet. */
  subscribeMissing(): void {
    if (!this.socket.isReady) return;
    for (const r of Object.values(this.store.get().rooms)) {
      if (!isMember(r) || r.subscribed || this.subscribing.has(r.room.id)) continue;
      if (this.socket.send({ type: 'room.subscribe', ref: SUB_REF + r.room.id, roomId: r.room.id, afterSeq: r.streamSeq })) {
        this.subscribing.add(r.room.id);
      }
    }
  }

  selectRoom(roomId: string | undefined): void {
    // The room being left gets its marker now rather than after the debounce.
    if (this.store.get().activeRoomId !== roomId) this.readSync.flush();
    this.store.update((s) => {
      if (s.activeRoomId === roomId) return s;
      const next = { ...s, activeRoomId: roomId };
      // The room being left forgets where the user had read to when they opened it (its divider).
      return s.activeRoomId ? updateRoom(next, s.activeRoomId, ({ openedReadSeq: _, ...r }) => r) : next;
    });
    const r = roomId ? this.store.get().rooms[roomId] : undefined;
    if (r && r.messages.length === 0 && r.hasOlder) void this.loadOlder(r.room.id);
  }

  /** Loads the page of history before the oldest message held. */
  async loadOlder(roomId: string): Promise<void> {
    const r = this.store.get().rooms[roomId];
    if (!r || r.loadingOlder || !r.hasOlder) return;
    this.store.update((s) => updateRoom(s, roomId, (x) => ({ ...x, loadingOlder: true })));
    const before = r.messages[0]?.seq ?? r.streamSeq + 1;
    try {
      const page = await getHistory(roomId, { before });
      this.store.update((s) => applyHistoryPage(s, roomId, page.messages, page.hasMore));
    } catch (err) {
      this.store.update((s) => updateRoom(s, roomId, (x) => ({ ...x, loadingOlder: false })));
      if (!isApiError(err, 'network')) reportError('loading history failed', err);
    }
  }
}
