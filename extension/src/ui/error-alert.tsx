import { Alert } from '@zendeskgarden/react-notifications';
import { ApiError, BackendUnreachableError } from '../api/api-error.js';
import { t } from '../i18n.js';

/** What to tell a person about a failed call: the server's own message, and each wrong field. */
export function ErrorAlert({ error }: { error: unknown }) {
  if (!error) return null;
  const message =
    error instanceof BackendUnreachableError
      ? t('common.backend_unreachable')
      : error instanceof Error
        ? error.message
        : String(error);
  const issues = error instanceof ApiError ? error.issues.filter((i) => !message.includes(i.message)) : [];
  return (
    <Alert type="error" role="alert">
      <Alert.Title>{t('common.error_title')}</Alert.Title>
      <Alert.Paragraph>{message}</Alert.Paragraph>
      {issues.map((i) => (
        <Alert.Paragraph key={i.path}>
          {i.path}: {i.message}
        </Alert.Paragraph>
      ))}
    </Alert>
  );
}
