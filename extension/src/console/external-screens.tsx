/**
 * The Customers and Admin screens (built in extension/src/console/customers/ and admin/) under the
 * console's routes: each gets the screen title and test id the shell's other screens have.
 */
import type { ReactNode } from 'react';
import { scoped } from '../i18n.js';
import { Stack } from '../ui/layout.js';
import { RoleMappingScreen } from './admin/role-mapping-screen.js';
import { SavedQueriesScreen } from './admin/saved-queries-screen.js';
import { SettingsScreen } from './admin/settings-screen.js';
import { CustomersScreen as CustomerAccess } from './customers/customers-screen.js';
import { screenUrl, useRouter } from './router.js';
import { ScreenTitle } from './screen-parts.js';

const ts = scoped('nav_bar.console');

function Titled({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  return (
    <Stack data-testid={testId}>
      <ScreenTitle>{title}</ScreenTitle>
      {children}
    </Stack>
  );
}

function Customers({ customerId, testId }: { customerId?: string; testId: string }) {
  const { navigate } = useRouter();
  return (
    <Titled title={ts('nav.customers')} testId={testId}>
      <CustomerAccess
        {...(customerId ? { customerId } : {})}
        onOpenSession={(id) => navigate(screenUrl('session', { id }))}
      />
    </Titled>
  );
}

export const CustomersScreen = () => <Customers testId="screen-customers" />;

export function CustomerScreen() {
  const { match } = useRouter();
  const customerId = match?.params.customerId;
  return <Customers testId="screen-customer" {...(customerId ? { customerId } : {})} />;
}

export const AdminSettingsScreen = () => (
  <Titled title={ts('nav.adminSettings')} testId="screen-admin-settings">
    <SettingsScreen />
  </Titled>
);

export const AdminQueriesScreen = () => (
  <Titled title={ts('nav.adminQueries')} testId="screen-admin-queries">
    <SavedQueriesScreen />
  </Titled>
);

export const AdminRolesScreen = () => (
  <Titled title={ts('nav.adminRoles')} testId="screen-admin-roles">
    <RoleMappingScreen />
  </Titled>
);
