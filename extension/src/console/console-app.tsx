import { useState } from 'react';
import { Tab, TabList, TabPanel, Tabs } from '@zendeskgarden/react-tabs';
import { scoped } from '../i18n.js';
import { Heading, Page } from '../ui/layout.js';
import { RoleMappingScreen } from './admin/role-mapping-screen.js';
import { SavedQueriesScreen } from './admin/saved-queries-screen.js';
import { SettingsScreen } from './admin/settings-screen.js';
import { UnsavedChangesProvider, useLeaveGuard } from './admin/unsaved-changes.js';
import { CustomersScreen } from './customers/customers-screen.js';
import { HistorySearch } from './history-search.js';
import { ReviewQueue } from './review-queue.js';

const ts = scoped('nav_bar');

/** The console for leads (history, review queue) and admins (settings). */
export function ConsoleApp() {
  return (
    <UnsavedChangesProvider>
      <ConsoleTabs />
    </UnsavedChangesProvider>
  );
}

function ConsoleTabs() {
  const [tab, setTab] = useState('history');
  const guard = useLeaveGuard();
  return (
    <Page data-testid="console">
      <Heading as="h1">{ts('title')}</Heading>
      <Tabs selectedItem={tab} onChange={(item) => guard(() => setTab(String(item)))}>
        <TabList>
          <Tab item="history">{ts('tabs.history')}</Tab>
          <Tab item="reviews">{ts('tabs.reviews')}</Tab>
          <Tab item="customers">{ts('tabs.customers')}</Tab>
          <Tab item="settings">{ts('tabs.settings')}</Tab>
          <Tab item="saved_queries">{ts('tabs.saved_queries')}</Tab>
          <Tab item="role_mapping">{ts('tabs.role_mapping')}</Tab>
        </TabList>
        <TabPanel item="history">{tab === 'history' && <HistorySearch />}</TabPanel>
        <TabPanel item="reviews">{tab === 'reviews' && <ReviewQueue />}</TabPanel>
        <TabPanel item="customers">{tab === 'customers' && <CustomersScreen />}</TabPanel>
        <TabPanel item="settings">{tab === 'settings' && <SettingsScreen />}</TabPanel>
        <TabPanel item="saved_queries">{tab === 'saved_queries' && <SavedQueriesScreen />}</TabPanel>
        <TabPanel item="role_mapping">{tab === 'role_mapping' && <RoleMappingScreen />}</TabPanel>
      </Tabs>
    </Page>
  );
}
