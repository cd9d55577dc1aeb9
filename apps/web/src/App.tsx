import { useSession } from './api/useSession';
import { AuthPage } from './features/auth/AuthPage';
import { ChatApp } from './features/chat/ChatApp';
import { PasswordChangeGate } from './features/auth/PasswordChangeGate';
import { ResetPasswordPage } from './features/auth/ResetPasswordPage';
import { useRoute } from './lib/useRoute';

/** Signed out: the sign-in page. Signed in: the chat, rebuilt from scratch when the user changes. */
export function App() {
  const session = useSession();
  const route = useRoute();
  // A reset link works whoever is signed in here: it changes the password of the account it was made for.
  if (route.name === 'reset-password') return <ResetPasswordPage token={route.token} />;
  if (!session) return <AuthPage />;
  return (
    <PasswordChangeGate key={session.user.id} me={session.user}>
      <ChatApp me={session.user} />
    </PasswordChangeGate>
  );
}
