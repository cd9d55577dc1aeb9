import { createContext } from 'react';
import type { ChatController } from '../../ws/chat-controller';

/** The signed-in user's ChatController, provided by ChatApp. */
export const ChatContext = createContext<ChatController | undefined>(undefined);
