import { ClientFrame, ServerFrame, type Message } from '@parley/protocol';
import { decodePacket, encodePacket } from 'engine.io-parser';
import { Decoder, Encoder, PacketType, type Packet } from 'socket.io-parser';
import { describe, expect, it } from 'vitest';
import { PROTOCOLS } from '../src/load/protocols.js';

const ROOM = '3f6c1a52-2b7e-4d0b-9a43-5c1f0e8d7a61';
const OTHER_ROOM = '9b2e4c10-77aa-4f3e-8c5d-0a1b2c3d4e5f';
const SENT_AT = 1_712_345_678_901.125;
/** Text meant to fool indexOf parsing: quotes, the `|` separator, other keys, non-ASCII. */
const TRICKY_TEXT = 'a|b 他说 "你好" | "seq":999, "roomId":"x", "s":5, "r":"y" | 完';
const BODY = `${SENT_AT}|${TRICKY_TEXT}`;

/** A stored message with its keys in the order the server's message repository builds them. */
function serverMessage(seq: number): Message {
  return {
    id: 'c0ffee00-1111-4222-8333-444455556666',
    roomId: ROOM,
    seq,
    kind: 'text',
    body: BODY,
    event: null,
    sender: { id: 'a1b2c3d4-e5f6-4789-8abc-def012345678', username: 'bench_42', displayName: 'Bench "42" 用户' },
    clientMsgId: 'b1-17',
    createdAt: '2025-04-05T18:21:18.901Z',
  };
}

describe('Parley protocol', () => {
  const parley = PROTOCOLS.parley;

  it('reads room, seq and send time from a message.created frame built as the server builds it', () => {
    const frame = JSON.stringify({ type: 'message.created', message: serverMessage(1_234_567) });
    expect(ServerFrame.safeParse(JSON.parse(frame)).success).toBe(true);

    expect(parley.parse(frame)).toEqual({ kind: 'message', roomId: ROOM, seq: 1_234_567, sentAt: SENT_AT });
  });

  it('reads the room and its latest seq from room.subscribed', () => {
    const frame = JSON.stringify({ type: 'room.subscribed', ref: undefined, roomId: ROOM, latestSeq: 80_001, onlineCount: 2, onlineUserIds: [] });
    expect(ServerFrame.safeParse(JSON.parse(frame)).success).toBe(true);

    expect(parley.parse(frame)).toEqual({ kind: 'joined', roomId: ROOM, seq: 80_001 });
  });

  it('reports an error frame as a failure carrying the whole frame', () => {
    const frame = JSON.stringify({ type: 'error', code: 'not_room_member', message: 'You are not a member of this room', roomId: ROOM });
    expect(ServerFrame.safeParse(JSON.parse(frame)).success).toBe(true);

    expect(parley.parse(frame)).toEqual({ kind: 'failure', reason: frame });
  });

  it('reports room.resync-required as a failure, counts acks and ignores other frames', () => {
    const resync = JSON.stringify({ type: 'room.resync-required', roomId: ROOM, afterSeq: 1, latestSeq: 90_000 });
    const acked = JSON.stringify({ type: 'message.acked', clientMsgId: 'b1-17', message: serverMessage(3) });
    const typing = JSON.stringify({ type: 'typing.updated', roomId: ROOM, userIds: [] });

    expect(parley.parse(resync)).toEqual({ kind: 'failure', reason: resync });
    expect(parley.parse(acked)).toEqual({ kind: 'acked' });
    expect(parley.parse(typing)).toEqual({ kind: 'ignored' });
  });

  it('sends a session.hello the server accepts, resuming only the rooms given a seq', () => {
    const frames = parley.hello('token-abc', new Map([[ROOM, 41], [OTHER_ROOM, undefined]]));

    expect(frames).toHaveLength(1);
    const parsed = ClientFrame.safeParse(JSON.parse(frames[0]!));
    expect(parsed.error).toBeUndefined();
    expect(parsed.data).toMatchObject({ type: 'session.hello', token: 'token-abc', subscriptions: [{ roomId: ROOM, afterSeq: 41 }, { roomId: OTHER_ROOM }] });
    expect(parley.afterReady(new Map([[ROOM, undefined]]))).toEqual([]);
  });

  it('sends a message.send the server accepts, with the body unchanged', () => {
    const parsed = ClientFrame.safeParse(JSON.parse(parley.send(ROOM, BODY, 'b1-17')));

    expect(parsed.error).toBeUndefined();
    expect(parsed.data).toMatchObject({ type: 'message.send', roomId: ROOM, clientMsgId: 'b1-17', body: BODY });
  });
});

describe('bare ws protocol', () => {
  const bare = PROTOCOLS.bare;

  it('reads room, seq and send time from a msg frame built as the bare server builds it', () => {
    const frame = JSON.stringify({ t: 'msg', r: ROOM, s: 907, b: BODY });

    expect(bare.parse(frame)).toEqual({ kind: 'message', roomId: ROOM, seq: 907, sentAt: SENT_AT });
  });

  it('reads the room and its seq from joined', () => {
    expect(bare.parse(JSON.stringify({ t: 'joined', r: ROOM, s: 12 }))).toEqual({ kind: 'joined', roomId: ROOM, seq: 12 });
    expect(bare.parse('{"t":"other"}')).toEqual({ kind: 'ignored' });
  });

  it('sends one join per room and send frames in the shape the bare server checks', () => {
    const joins = bare.hello('unused', new Map([[ROOM, 3], [OTHER_ROOM, undefined]])).map((f) => JSON.parse(f) as unknown);
    const send = JSON.parse(bare.send(ROOM, BODY, 'b1-17')) as { t: unknown; r: unknown; b: unknown };

    expect(joins).toEqual([{ t: 'join', r: ROOM }, { t: 'join', r: OTHER_ROOM }]);
    // The bare server acts on a frame only when t is 'send' and r and b are strings.
    expect(send).toEqual({ t: 'send', r: ROOM, b: BODY });
  });
});

/** An Engine.IO message carrying a Socket.IO packet, encoded by the parsers the Socket.IO server runs. */
function socketioFrame(packet: Packet): string {
  const [payload] = new Encoder().encode(packet) as [string];
  let frame = '';
  encodePacket({ type: 'message', data: payload }, false, (encoded) => (frame = String(encoded)));
  return frame;
}

/** What the Socket.IO server makes of a frame the client sent. */
function socketioDecode(frame: string): Packet {
  const outer = decodePacket(frame);
  expect(outer.type).toBe('message');
  let packet: Packet | undefined;
  const decoder = new Decoder();
  decoder.on('decoded', (p: Packet) => (packet = p));
  decoder.add(String(outer.data));
  if (!packet) throw new Error(`socket.io-parser decoded nothing from ${frame}`);
  return packet;
}

describe('Socket.IO protocol', () => {
  const socketio = PROTOCOLS.socketio;

  it('reads room, seq and send time from a msg event as Socket.IO encodes it', () => {
    const frame = socketioFrame({ type: PacketType.EVENT, nsp: '/', data: ['msg', { r: ROOM, s: 55, b: BODY }] });

    expect(frame.startsWith('42["msg",')).toBe(true);
    expect(socketio.parse(frame)).toEqual({ kind: 'message', roomId: ROOM, seq: 55, sentAt: SENT_AT });
  });

  it('reads the room and its seq from the ack of a join', () => {
    const frame = socketioFrame({ type: PacketType.ACK, nsp: '/', id: 0, data: ['room-id', 7] });

    expect(frame).toBe('430["room-id",7]');
    expect(socketio.parse(frame)).toEqual({ kind: 'joined', roomId: 'room-id', seq: 7 });
    expect(socketio.parse(socketioFrame({ type: PacketType.ACK, nsp: '/', id: 12, data: [ROOM, 0] }))).toEqual({ kind: 'joined', roomId: ROOM, seq: 0 });
  });

  it('answers the Engine.IO open with a namespace connect, and its ping with a pong', () => {
    const open = '0{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":65536}';

    expect(socketio.parse(open)).toEqual({ kind: 'respond', frame: '40' });
    expect(socketio.parse('2')).toEqual({ kind: 'respond', frame: '3' });
    expect(decodePacket('40')).toEqual({ type: 'message', data: '0' });
    expect(socketioDecode('40')).toMatchObject({ type: PacketType.CONNECT, nsp: '/' });
    expect(decodePacket('3')).toEqual({ type: 'pong' });
  });

  it('is ready once the namespace connect is confirmed', () => {
    const connected = socketioFrame({ type: PacketType.CONNECT, nsp: '/', data: { sid: 'Gk0Q1Qd5uH8Zg2xWAAAD' } });

    expect(socketio.parse(connected)).toEqual({ kind: 'ready' });
  });

  it('reports a connect error as a failure and ignores other frames', () => {
    const refused = socketioFrame({ type: PacketType.CONNECT_ERROR, nsp: '/', data: { message: 'Invalid namespace' } });

    expect(socketio.parse(refused)).toEqual({ kind: 'failure', reason: refused });
    expect(socketio.parse('6')).toEqual({ kind: 'ignored' });
  });

  it('joins rooms only after the handshake, each as an event with its own ack id', () => {
    expect(socketio.hello('unused', new Map([[ROOM, undefined]]))).toEqual([]);
    const joins = socketio.afterReady(new Map([[ROOM, undefined], [OTHER_ROOM, 4]])).map(socketioDecode);

    expect(joins).toEqual([
      { type: PacketType.EVENT, nsp: '/', id: 0, data: ['join', ROOM] },
      { type: PacketType.EVENT, nsp: '/', id: 1, data: ['join', OTHER_ROOM] },
    ]);
  });

  it('sends a send event the Socket.IO server decodes to the room and body', () => {
    const packet = socketioDecode(socketio.send(ROOM, BODY, 'b1-17'));

    expect(packet).toEqual({ type: PacketType.EVENT, nsp: '/', data: ['send', { r: ROOM, b: BODY }] });
  });
});
