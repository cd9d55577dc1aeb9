import { useSession } from './api/useSession';
import { AuthPage } from './features/auth/AuthPage';
import { ChatApp } from './features/chat/ChatApp';

/** Signed out: the sign-in page. Signed in: the chat, rebuilt from scratch when the user changes. */
export function App() {
  const session = useSession();
  if (!session) return <AuthPage />;
  return <ChatApp key={session.user.id} me={session.user} />;
}
