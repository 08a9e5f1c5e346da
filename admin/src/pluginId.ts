/** The plugin's id: its admin routes live under `/invoicing`, its translation keys under `invoicing.`. */
export const PLUGIN_ID = 'invoicing' as const;
