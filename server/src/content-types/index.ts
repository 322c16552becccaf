import changeRecord from './change-record';
import event from './event';
import inboxMessage from './inbox-message';
import location from './location';
import mediaSource from './media-source';
import organization from './organization';
import syncState from './sync-state';

export default {
  event,
  location,
  organization,
  'inbox-message': inboxMessage,
  'sync-state': syncState,
  'media-source': mediaSource,
  'change-record': changeRecord,
};
