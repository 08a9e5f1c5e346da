import settings from './settings';
import schedules from './schedules';
import runs from './runs';
import amounts from './amounts';
import invoices from './invoices';
import contracts from './contracts';
import categories from './categories';
import documents from './documents';
import creditNotes from './credit-notes';
import exportsController from './exports';

export default { settings, schedules, runs, amounts, invoices, contracts, categories, documents, creditNotes, exports: exportsController };
