/** GET /health: the top of the sync history page. */

import type { LocaleProgress } from './translations';

export interface QueueCounts {
  waiting: number;
  active: number;
  failed: number;
  delayed: number;
}

export interface OrganizationSyncHealth {
  organizationId: string;
  name: string | null;
  lastSyncAt: string | null;
  /** No ORGANIZATION_SYNC within the last 26 hours. */
  stale: boolean;
}

/** Refused webhook requests of one status code, all instances together (this instance's alone while Redis is down). */
export interface RejectionSummary {
  status: number;
  count: number;
  lastAt: string;
  lastReason: string;
  lastSource: string | null;
}

/** An instance of the site that runs a queue worker, as it last noted itself in Redis. */
export interface WorkerInstance {
  /** Its host name and process id, e.g. `worker-7c9f:1`. */
  name: string;
  concurrency: number;
  lastSeenAt: string;
  /** The instance that answered. */
  thisInstance: boolean;
}

export interface Health {
  redis: { connected: boolean };
  /** Null when Redis does not answer. */
  queue: QueueCounts | null;
  worker: {
    /** This instance runs a worker; a web-only instance (STAGER_WORKER=false) does not. */
    enabled: boolean;
    concurrency: number;
    /** Every worker of the site seen lately, this instance included; null while Redis does not answer. */
    instances: WorkerInstance[] | null;
  };
  processingPaused: boolean;
  oldestUnprocessed: { id: number; receivedAt: string; status: string } | null;
  organizations: OrganizationSyncHealth[];
  rejections: RejectionSummary[];
  /** Each locale's synced entries while they are copied to it; empty without `i18n.enabled`. */
  locales: LocaleProgress[];
}

export declare namespace GetHealth {
  export interface Response {
    data: Health;
  }
}
