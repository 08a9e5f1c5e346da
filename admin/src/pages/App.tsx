import { Page } from '@strapi/strapi/admin';
import { Navigate, Route, Routes } from 'react-router-dom';

import { PERMISSIONS } from '../constants';
import { CreditNotesPage } from './CreditNotesPage';
import { InvoiceRunPage } from './InvoiceRunPage';
import { InvoiceRunsPage } from './InvoiceRunsPage';
import { ScheduleCreatePage } from './ScheduleCreatePage';
import { SchedulePage } from './SchedulePage';
import { SchedulesPage } from './SchedulesPage';

/**
 * The Invoicing pages under `/admin/plugins/invoicing`:
 * - `runs` (invoice runs list), `runs/:id` (run page),
 * - `schedules` (schedules list), `schedules/create`, `schedules/:id` (schedule with its runs),
 * - `credit-notes` (credit notes list, each opening its detail).
 */
export const App = () => (
  <Page.Protect permissions={PERMISSIONS.main}>
    <Routes>
      <Route index element={<Navigate to="runs" replace />} />
      <Route path="runs" element={<InvoiceRunsPage />} />
      <Route path="runs/:id" element={<InvoiceRunPage />} />
      <Route path="schedules" element={<SchedulesPage />} />
      <Route path="schedules/create" element={<ScheduleCreatePage />} />
      <Route path="schedules/:id" element={<SchedulePage />} />
      <Route path="credit-notes" element={<CreditNotesPage />} />
      <Route path="*" element={<Page.NoData />} />
    </Routes>
  </Page.Protect>
);

export default App;
