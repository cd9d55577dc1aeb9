import { useTranslation } from 'react-i18next';
import type { Room } from '@parley/protocol';
import { useChatState } from '../chat/useChat';
import { conversationName } from './direct-name';

/** The room's name, or for a direct conversation the other people's names in the UI language. */
export function useConversationName(room: Room | undefined): string {
  const { t } = useTranslation();
  const me = useChatState((s) => s.me);
  return room ? conversationName(room, me, t('direct.separator')) : '';
}
