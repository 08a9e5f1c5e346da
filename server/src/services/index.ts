import settings from './settings';
import roles from './roles';
import sequences from './sequences';
import events from './events';
import schedules from './schedules';
import runs from './runs';
import lifecycle from './lifecycle';
import jobs from './jobs';
import worker from './worker';
import amounts from './amounts';
import invoices from './invoices';
import ticker from './ticker';
import contractImport from './contract-import';
import documents from './documents';
import sending from './sending';
import creditNotes from './credit-notes';
import journal from './journal';

export default { settings, roles, sequences, events, schedules, runs, lifecycle, jobs, worker, amounts, invoices, ticker, contractImport, documents, sending, creditNotes, journal };
