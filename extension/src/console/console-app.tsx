import { useState } from 'react';
import { Tab, TabList, TabPanel, Tabs } from '@zendeskgarden/react-tabs';
import { scoped } from '../i18n.js';
import { Heading, Page } from '../ui/layout.js';
import { HistorySearch } from './history-search.js';
import { ReviewQueue } from './review-queue.js';
import { SettingsForm } from './settings-form.js';

const ts = scoped('nav_bar');

/** The console for leads (history, review queue) and admins (settings). */
export function ConsoleApp() {
  const [tab, setTab] = useState('history');
  return (
    <Page data-testid="console">
      <Heading as="h1">{ts('title')}</Heading>
      <Tabs selectedItem={tab} onChange={(item) => setTab(String(item))}>
        <TabList>
          <Tab item="history">{ts('tabs.history')}</Tab>
          <Tab item="reviews">{ts('tabs.reviews')}</Tab>
          <Tab item="settings">{ts('tabs.settings')}</Tab>
        </TabList>
        <TabPanel item="history">{tab === 'history' && <HistorySearch />}</TabPanel>
        <TabPanel item="reviews">{tab === 'reviews' && <ReviewQueue />}</TabPanel>
        <TabPanel item="settings">{tab === 'settings' && <SettingsForm />}</TabPanel>
      </Tabs>
    </Page>
  );
}
