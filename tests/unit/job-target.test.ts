import { isReplayable } from '../../server/src/inbox/store';
import { jobTarget } from '../../server/src/queue/message-queue';

describe('what a queue job names', () => {
  it('reads the inbox id and replay of a well-formed job of a site', () => {
    expect(jobTarget('12:3', { inboxId: 12, siteId: 'abc' })).toEqual({
      inboxId: 12,
      replay: 3,
      siteId: 'abc',
    });
  });

  it.each([
    ['no data (a job hash half-written by a dying Redis)', '12:0', undefined],
    ['empty data', '12:0', {}],
    ['no site', '12:0', { inboxId: 12 }],
    ['an inbox id other than its job id says', '12:0', { inboxId: 13, siteId: 'abc' }],
    ['an inbox id that is not a whole number', '12:0', { inboxId: '12', siteId: 'abc' }],
    ['an inbox id of 0', '0:0', { inboxId: 0, siteId: 'abc' }],
    ['a job id of another form', 'repeat:12', { inboxId: 12, siteId: 'abc' }],
  ])('refuses a job with %s', (_what, jobId, data) => {
    expect(jobTarget(jobId, data)).toBeNull();
  });
});

describe('which messages can be replayed', () => {
  const now = new Date('2026-12-01T12:00:00Z');
  const stuckBefore = new Date(now.getTime() - 60_000);
  const movedAgo = (ms: number) => new Date(now.getTime() - ms).toISOString();

  it('takes finished messages whenever they moved', () => {
    for (const status of ['processed', 'failed', 'unsupported'] as const)
      expect(isReplayable({ status, updatedAt: movedAgo(0) }, stuckBefore)).toBe(true);
  });

  it('takes queued and processing messages only once unmoved for longer than the job lock', () => {
    for (const status of ['queued', 'processing'] as const) {
      expect(isReplayable({ status, updatedAt: movedAgo(59_000) }, stuckBefore)).toBe(false);
      expect(isReplayable({ status, updatedAt: movedAgo(61_000) }, stuckBefore)).toBe(true);
    }
  });

  it('never takes a message still waiting to be queued', () => {
    expect(isReplayable({ status: 'received', updatedAt: movedAgo(3_600_000) }, stuckBefore)).toBe(
      false
    );
  });
});
