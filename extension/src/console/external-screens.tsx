/**
 * The Customers and Admin screens, built apart (extension/src/console/customers/ and admin/).
 * Until they land, each route renders a placeholder from here, so the integrator swaps them in this
 * one file; the existing settings form stays reachable under Admin › Settings meanwhile.
 */
import { Alert } from '@zendeskgarden/react-notifications';
import { scoped } from '../i18n.js';
import { Stack } from '../ui/layout.js';
import { useRouter } from './router.js';
import { ScreenTitle } from './screen-parts.js';
import { SettingsForm } from './settings-form.js';

const ts = scoped('nav_bar.console');

function Placeholder({ title, testId }: { title: string; testId: string }) {
  return (
    <Stack data-testid={testId}>
      <ScreenTitle>{title}</ScreenTitle>
      <Alert type="info" role="status">
        <Alert.Paragraph>{ts('placeholder')}</Alert.Paragraph>
      </Alert>
    </Stack>
  );
}

export const CustomersScreen = () => <Placeholder title={ts('nav.customers')} testId="screen-customers" />;

export function CustomerScreen() {
  const { match } = useRouter();
  return <Placeholder title={`${ts('nav.customers')} · ${match?.params.customerId ?? ''}`} testId="screen-customer" />;
}

export function AdminSettingsScreen() {
  return (
    <Stack data-testid="screen-admin-settings">
      <ScreenTitle>{ts('nav.adminSettings')}</ScreenTitle>
      <SettingsForm />
    </Stack>
  );
}

export const AdminQueriesScreen = () => <Placeholder title={ts('nav.adminQueries')} testId="screen-admin-queries" />;
export const AdminRolesScreen = () => <Placeholder title={ts('nav.adminRoles')} testId="screen-admin-roles" />;
