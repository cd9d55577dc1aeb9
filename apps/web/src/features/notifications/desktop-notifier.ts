import type { Message } from '@parley/protocol';
import { navigate, roomPath } from '../../lib/router';
import { reportError } from '../../lib/report';
import type { ChatController } from '../../ws/chat-controller';
import { mentionsUser } from '../../ws/unread';
import { conversationName, directPeers, isDirect } from '../direct/direct-name';
import { notificationContent } from './notification-content';
import { notificationSettings, notificationsOn, refreshPermission } from './notification-settings';
import { shouldNotify } from './should-notify';

type Translate = (key: string, values?: Record<string, string>) => string;

/**
 * Shows a desktop notification for each live message that deserves one (see shouldNotify); a click
 * brings the window forward and opens the room. Returns the function that stops it.
 */
export function startDesktopNotifications(ctrl: ChatController, t: Translate): () => void {
  const show = (message: Message) => {
    refreshPermission();
    const settings = notificationSettings.get();
    const state = ctrl.store.get();
    if (!shouldNotify(message, state, { enabled: notificationsOn(settings), permission: settings.permission })) return;
    const room = state.rooms[message.roomId];
    if (!room) return;
    const direct = isDirect(room.room) ? (directPeers(room.room, state.me.id).length > 1 ? 'group' : 'one') : undefined;
    const name = conversationName(room.room, state.me, t('direct.separator'));
    const { title, body, tag } = notificationContent(message, name, t, { mentioned: mentionsUser(message, state.me.id), direct });
    try {
      const n = new window.Notification(title, { body, tag, icon: '/favicon.svg' });
      n.onclick = () => {
        window.focus();
        navigate(roomPath(message.roomId));
        n.close();
      };
    } catch (err) {
      // Android Chrome allows notifications only from a service worker and throws here.
      reportError('desktop notification failed', err);
    }
  };
  return ctrl.onLiveMessage(show);
}
