/** The plugin's id: its admin routes live under `/invoicing`, its translation keys under `invoicing.`. */
export { PLUGIN_ID } from '../../shared/permissions';
