import type { TFunction } from 'i18next';
import type { SystemEvent } from '@parley/protocol';

/** The translated sentence for a system event; built from the event, never from the stored body. */
export function systemText(t: TFunction, e: SystemEvent, direct = false): string {
  switch (e.type) {
    case 'room.created':
      return t(direct ? 'system.conversationStarted' : 'system.roomCreated', { by: e.by.displayName });
    case 'room.deleted':
      return t('system.roomDeleted', { by: e.by.displayName });
    case 'member.joined':
      return t('system.memberJoined', { user: e.user.displayName });
    case 'member.left':
      return t('system.memberLeft', { user: e.user.displayName });
    case 'member.kicked':
      return t('system.memberKicked', { user: e.user.displayName, by: e.by.displayName });
    case 'member.banned':
      return t('system.memberBanned', { user: e.user.displayName, by: e.by.displayName });
    case 'room.owner-transferred':
      return t('system.ownerTransferred', { from: e.from.displayName, to: e.to.displayName });
    case 'member.role-changed':
      return t('system.memberRoleChanged', { user: e.user.displayName, by: e.by.displayName, role: t(`members.role.${e.role}`) });
    case 'room.updated':
      return e.name !== undefined ? t('system.roomRenamed', { by: e.by.displayName, name: e.name }) : t('system.roomUpdated', { by: e.by.displayName });
    case 'message.pinned':
      return t('system.messagePinned', { by: e.by.displayName });
    case 'message.unpinned':
      return t('system.messageUnpinned', { by: e.by.displayName });
    // Updates change an earlier message and are never shown as a row of their own.
    case 'message.edited':
    case 'message.deleted':
    case 'reaction.added':
    case 'reaction.removed':
      return '';
  }
}

export function systemIcon(e: SystemEvent): string {
  switch (e.type) {
    case 'room.created':
      return 'fa-flag';
    case 'member.joined':
      return 'fa-right-to-bracket';
    case 'member.left':
      return 'fa-right-from-bracket';
    case 'member.kicked':
      return 'fa-user-slash';
    case 'member.banned':
      return 'fa-ban';
    case 'room.owner-transferred':
      return 'fa-crown';
    case 'member.role-changed':
      return 'fa-user-shield';
    case 'room.updated':
      return 'fa-pen';
    case 'room.deleted':
    case 'message.deleted':
      return 'fa-trash';
    case 'message.pinned':
    case 'message.unpinned':
      return 'fa-thumbtack';
    case 'message.edited':
      return 'fa-pen';
    case 'reaction.added':
    case 'reaction.removed':
      return 'fa-face-smile';
  }
}
