import './lib/zod-config';
import 'bootstrap/dist/css/bootstrap.min.css';
import '@fortawesome/fontawesome-free/css/fontawesome.min.css';
import '@fortawesome/fontawesome-free/css/solid.min.css';
import '@fortawesome/fontawesome-free/css/regular.min.css';
import './styles/app.css';
import './styles/attachments.css';
import './styles/messages.css';
import './styles/timeline.css';
import './styles/conversations.css';
import './styles/search-replies.css';
import './styles/message-actions.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { resumeSession } from './api/token-refresh';
import { setupI18n } from './i18n/setup-i18n';
import { applyThemePreference, storedPreference } from './lib/theme';

// Before the first render, so the page never flashes in the wrong colour mode.
applyThemePreference(storedPreference(), false);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// A reload with no stored session tries the HttpOnly refresh cookie first, so a signed-in user never sees the sign-in page flash.
void Promise.all([setupI18n(), resumeSession()]).then(() => {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
