import { Page } from '@strapi/strapi/admin';
import { Route, Routes } from 'react-router-dom';
import { PERMISSIONS } from '../../permissions';
import { HistoryPage } from './HistoryPage';
import { MessagePage } from './MessagePage';

/** The Stager menu page: the sync history and, under it, one message. */
const HistoryApp = () => (
  <Page.Protect permissions={PERMISSIONS.readHistory}>
    <Routes>
      <Route index element={<HistoryPage />} />
      <Route path="messages/:id" element={<MessagePage />} />
    </Routes>
  </Page.Protect>
);

export default HistoryApp;
