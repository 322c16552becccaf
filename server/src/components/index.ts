import eventGroup from './event-group.json';
import image from './image.json';
import programItem from './program-item.json';
import space from './space.json';
import ticketType from './ticket-type.json';
import video from './video.json';

/** The plugin's components, registered under the `stager` category. */
export const COMPONENTS = {
  'event-group': eventGroup,
  image,
  'program-item': programItem,
  space,
  'ticket-type': ticketType,
  video,
};

export const COMPONENT_CATEGORY = 'stager';
