import './lib/zod-config';
import 'bootstrap/dist/css/bootstrap.min.css';
import '@fortawesome/fontawesome-free/css/fontawesome.min.css';
import '@fortawesome/fontawesome-free/css/solid.min.css';
import '@fortawesome/fontawesome-free/css/regular.min.css';
import './styles/app.css';
import './styles/attachments.css';
import './styles/messages.css';
import './styles/timeline.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { setupI18n } from './i18n/setup-i18n';
import { applyThemePreference, storedPreference } from './lib/theme';

// Before the first render, so the page never flashes in the wrong colour mode.
applyThemePreference(storedPreference(), false);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

void setupI18n().then(() => {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
