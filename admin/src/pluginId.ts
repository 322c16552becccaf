export const PLUGIN_ID = 'stager';
