import { summariseEnvelope } from '../../server/src/feed/envelope';

describe('summariseEnvelope', () => {
  it('reads the type, the organisation and the item count', () => {
    expect(
      summariseEnvelope({
        messageType: 'ORGANIZATION_SYNC',
        messageContent: {
          organization: { id: 'org-1', name: 'A' },
          locations: [{}, {}],
          events: [{}, {}, {}],
        },
      })
    ).toEqual({ messageType: 'ORGANIZATION_SYNC', organizationId: 'org-1', itemCount: 5 });
  });

  it('reads organizationId of the delete messages and keeps numeric ids as text', () => {
    expect(
      summariseEnvelope({
        messageType: 'DELETE_EVENTS',
        messageContent: { organizationId: 4512, eventIds: ['a'] },
      })
    ).toEqual({
      messageType: 'DELETE_EVENTS',
      organizationId: '4512',
      itemCount: 1,
    });
  });

  it('accepts an unknown type without content', () => {
    expect(summariseEnvelope({ messageType: 'SOMETHING_NEW' })).toEqual({
      messageType: 'SOMETHING_NEW',
      organizationId: null,
      itemCount: 0,
    });
  });

  it.each([
    [null, 'body is not a JSON object'],
    [[], 'body is not a JSON object'],
    ['UPDATE_EVENTS', 'body is not a JSON object'],
    [{}, 'body has no messageType'],
    [{ messageType: '' }, 'body has no messageType'],
    [{ messageType: 7 }, 'body has no messageType'],
  ])('refuses %p', (body, error) => {
    expect(summariseEnvelope(body)).toEqual({ error });
  });
});
