// How a site adds its own field to a Stager content type: the sync never writes it.
export default (plugin: {
  contentTypes: Record<string, { schema: { attributes: Record<string, unknown> } }>;
}) => {
  plugin.contentTypes.event.schema.attributes.siteNote = { type: 'string' };
  return plugin;
};
