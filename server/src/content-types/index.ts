import event from './event';
import inboxMessage from './inbox-message';

export default {
  event,
  'inbox-message': inboxMessage,
};
