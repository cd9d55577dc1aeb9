import { useTranslation } from 'react-i18next';
import type { User } from '@parley/protocol';
import { Modal } from '../../components/Modal';
import { AvatarEditor } from './AvatarEditor';
import { PasswordForm } from './PasswordForm';
import { ProfileDetailsForm } from './ProfileDetailsForm';
import { SessionsSection } from './SessionsSection';
import { AccessTokensSection } from './AccessTokensSection';

/** The signed-in user's picture, name, status and bio, a separate password change, their signed-in devices and access tokens. */
export function ProfileDialog({ me, onClose }: { me: User; onClose(): void }) {
  const { t } = useTranslation();
  return (
    <Modal
      title={t('profileEdit.title')}
      onClose={onClose}
      testId="profile-dialog"
      footer={
        <button type="button" className="btn btn-outline-secondary" onClick={onClose}>
          {t('common.close')}
        </button>
      }
    >
      <AvatarEditor me={me} />
      <hr className="my-4" />
      <ProfileDetailsForm me={me} />
      <hr className="my-4" />
      <PasswordForm username={me.username} />
      <hr className="my-4" />
      <SessionsSection />
      <hr className="my-4" />
      <AccessTokensSection />
    </Modal>
  );
}
