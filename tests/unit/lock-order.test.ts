import { inLockOrder } from '../../server/src/store/entities/prepare';

it('orders the entities of several messages by kind, then id, each once', () => {
  expect(
    inLockOrder([
      ['organization', 'org-2'],
      ['location', 'loc-2'],
      ['event', 'ev-9'],
      ['organization-sync', 'org-2'],
      ['organization', 'org-1'],
      ['event', 'ev-1'],
      ['organization', 'org-2'],
      ['organization-sync', 'org-1'],
    ])
  ).toEqual([
    ['organization', 'org-1'],
    ['organization', 'org-2'],
    ['location', 'loc-2'],
    ['event', 'ev-1'],
    ['event', 'ev-9'],
    ['organization-sync', 'org-1'],
    ['organization-sync', 'org-2'],
  ]);
});
