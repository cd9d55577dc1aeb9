import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSelect } from '../../components/LanguageSelect';
import { ThemeToggle } from '../../components/ThemeToggle';
import { useDocumentTitle, useInstanceName } from '../instance/useInstance';

/** The signed-out pages' frame: language and theme at the top, one card with the instance's name. */
export function AuthLayout({ children, subtitle }: { children: ReactNode; subtitle?: string }) {
  const { t } = useTranslation();
  const instanceName = useInstanceName();
  useDocumentTitle(instanceName);
  return (
    <div className="auth-page d-flex flex-column min-vh-100">
      <header className="d-flex justify-content-end align-items-center gap-2 p-3">
        <LanguageSelect />
        <ThemeToggle />
      </header>
      <main className="flex-grow-1 d-flex align-items-start align-items-sm-center justify-content-center px-3 pb-5">
        <div className="card shadow-sm auth-card w-100">
          <div className="card-body p-4">
            <div className="text-center mb-4">
              <i className="fa-solid fa-comments fa-2x text-primary" aria-hidden="true" />
              <h1 className="h3 mt-2 mb-1 text-break" data-testid="instance-name">{instanceName}</h1>
              <p className="text-body-secondary mb-0">{subtitle ?? t('app.tagline')}</p>
            </div>
            {children}
          </div>
        </div>
      </main>
    </div>
  );
}
