import { render, screen } from '@strapi/strapi/admin/test';
import { HealthPanel } from '../../admin/src/pages/History/HealthPanel';
import type { Health, WorkerInstance } from '../../shared';

const worker = (name: string, overrides: Partial<WorkerInstance> = {}): WorkerInstance => ({
  name,
  concurrency: 4,
  lastSeenAt: '2026-12-04T20:00:00.000Z',
  thisInstance: false,
  ...overrides,
});

const health = (workerState: Health['worker']): Health => ({
  redis: { connected: workerState.instances !== null },
  queue: null,
  worker: workerState,
  processingPaused: false,
  oldestUnprocessed: null,
  organizations: [],
  rejections: [],
  locales: [],
});

const workerTile = () => screen.getByText('Worker on this instance').parentElement!;

describe('the health panel’s worker tile', () => {
  it('on a web-only instance, says so and names the workers seen through Redis', () => {
    render(
      <HealthPanel
        health={health({
          enabled: false,
          concurrency: 4,
          instances: [worker('worker-a:12'), worker('worker-b:7', { concurrency: 2 })],
        })}
      />
    );
    expect(workerTile()).toHaveTextContent('Web only');
    expect(screen.getByTestId('other-workers')).toHaveTextContent(
      'Messages are applied by: worker-a:12 (concurrency 4), worker-b:7 (concurrency 2)'
    );
    expect(screen.queryByText('Web only, and no worker seen')).not.toBeInTheDocument();
  });

  it('on a web-only instance that sees no worker, warns that messages wait', () => {
    render(<HealthPanel health={health({ enabled: false, concurrency: 4, instances: [] })} />);
    expect(screen.getByText('Web only, and no worker seen')).toBeInTheDocument();
    expect(screen.getByTestId('other-workers')).toHaveTextContent(
      'No instance of this site runs a worker (STAGER_WORKER): messages wait in the queue.'
    );
  });

  it('on a web-only instance while Redis is unreachable, says the workers cannot be seen', () => {
    render(<HealthPanel health={health({ enabled: false, concurrency: 4, instances: null })} />);
    expect(workerTile()).toHaveTextContent(
      'Web onlyThe site’s workers cannot be seen while Redis is unreachable.'
    );
  });

  it('on a worker instance, shows its concurrency and the other workers', () => {
    render(
      <HealthPanel
        health={health({
          enabled: true,
          concurrency: 3,
          instances: [worker('web-1:40', { thisInstance: true, concurrency: 3 }), worker('w-2:9')],
        })}
      />
    );
    expect(workerTile()).toHaveTextContent('On (concurrency 3)');
    expect(screen.getByTestId('other-workers')).toHaveTextContent(
      'Other workers: w-2:9 (concurrency 4)'
    );
  });
});

describe('the health panel’s locales tile', () => {
  const withLocales = (locales: Health['locales']): Health => ({
    ...health({ enabled: true, concurrency: 4, instances: [] }),
    locales,
  });

  it('shows a locale being filled as copying, with its progress', () => {
    render(
      <HealthPanel
        health={withLocales([
          { locale: 'nl', source: true, entries: 120, of: 120 },
          { locale: 'en', source: false, entries: 120, of: 120 },
          { locale: 'fr', source: false, entries: 45, of: 120 },
        ])}
      />
    );
    expect(screen.getByText('Synced entries per locale')).toBeInTheDocument();
    expect(screen.getByTestId('locale-nl')).toHaveTextContent(
      "nl120 entries, in Stager's language"
    );
    expect(screen.getByTestId('locale-en')).toHaveTextContent('en120 entries');
    expect(screen.getByTestId('locale-fr')).toHaveTextContent('frCopying: 45 of 120');
  });

  it('shows every locale complete once the copying is done', () => {
    render(
      <HealthPanel
        health={withLocales([
          { locale: 'nl', source: true, entries: 120, of: 120 },
          { locale: 'fr', source: false, entries: 120, of: 120 },
        ])}
      />
    );
    expect(screen.getByTestId('locale-fr')).toHaveTextContent('fr120 entries');
    expect(screen.queryByText(/Copying/)).not.toBeInTheDocument();
  });

  it('is not shown on a site without locales', () => {
    render(<HealthPanel health={withLocales([])} />);
    expect(screen.queryByText('Synced entries per locale')).not.toBeInTheDocument();
  });
});
