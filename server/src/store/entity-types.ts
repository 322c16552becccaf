export const ENTITY_UIDS = {
  organization: 'plugin::stager.organization',
  location: 'plugin::stager.location',
  event: 'plugin::stager.event',
} as const;

export type EntityType = keyof typeof ENTITY_UIDS;

export const SYNC_STATE_UID = 'plugin::stager.sync-state';

export const CHANGE_RECORD_UID = 'plugin::stager.change-record';
