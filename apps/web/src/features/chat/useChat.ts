import { useContext, useSyncExternalStore } from 'react';
import type { ChatController } from '../../ws/chat-controller';
import type { ChatState } from '../../ws/chat-state';
import { ChatContext } from './chat-context';

export function useChatController(): ChatController {
  const ctrl = useContext(ChatContext);
  if (!ctrl) throw new Error('useChatController outside <ChatContext>');
  return ctrl;
}

/**
 * A slice of the chat state. `select` must return a value already in the state (or a primitive):
 * a fresh object each call would re-render forever.
 */
export function useChatState<T>(select: (s: ChatState) => T): T {
  const ctrl = useChatController();
  return useSyncExternalStore(ctrl.store.subscribe, () => select(ctrl.store.get()));
}
