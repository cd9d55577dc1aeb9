import { Channels } from './channels.js';
import type {
  Bus,
  BusChannel,
  DirectoryEvent,
  DirectoryEventHandler,
  InstanceEvent,
  InstanceEventHandler,
  RoomEvent,
  RoomEventHandler,
  UserEvent,
  UserEventHandler,
} from './types.js';

const DIRECTORY = 'directory';
const INSTANCES = 'instances';

/** In-process bus for a single instance: a publish reaches the channel's handlers synchronously, in order. */
export class MemoryBus implements Bus {
  private readonly rooms: Channels<RoomEvent>;
  private readonly users: Channels<UserEvent>;
  private readonly directory: Channels<DirectoryEvent>;
  private readonly instances: Channels<InstanceEvent>;

  constructor(onHandlerError: (err: unknown, channel: BusChannel) => void) {
    this.rooms = new Channels((err, roomId) => onHandlerError(err, { roomId }));
    this.users = new Channels((err, userId) => onHandlerError(err, { userId }));
    this.directory = new Channels((err) => onHandlerError(err, { directory: true }));
    this.instances = new Channels((err) => onHandlerError(err, { instances: true }));
  }

  publish(roomId: string, event: RoomEvent): void {
    this.rooms.publish(roomId, event);
  }

  subscribe(roomId: string, handler: RoomEventHandler): () => void {
    return this.rooms.subscribe(roomId, handler);
  }

  publishToUser(userId: string, event: UserEvent): void {
    this.users.publish(userId, event);
  }

  subscribeUser(userId: string, handler: UserEventHandler): () => void {
    return this.users.subscribe(userId, handler);
  }

  publishToDirectory(event: DirectoryEvent): void {
    this.directory.publish(DIRECTORY, event);
  }

  subscribeDirectory(handler: DirectoryEventHandler): () => void {
    return this.directory.subscribe(DIRECTORY, handler);
  }

  publishToInstances(event: InstanceEvent): void {
    this.instances.publish(INSTANCES, event);
  }

  subscribeInstances(handler: InstanceEventHandler): () => void {
    return this.instances.subscribe(INSTANCES, handler);
  }

  async close(): Promise<void> {
    this.rooms.clear();
    this.users.clear();
    this.directory.clear();
    this.instances.clear();
  }
}
