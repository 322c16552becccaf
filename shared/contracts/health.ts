/** GET /health: the top of the sync history page. */

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

export interface Health {
  redis: { connected: boolean };
  /** Null when Redis does not answer. */
  queue: QueueCounts | null;
  worker: { enabled: boolean; concurrency: number };
  processingPaused: boolean;
  oldestUnprocessed: { id: number; receivedAt: string; status: string } | null;
  organizations: OrganizationSyncHealth[];
  rejections: RejectionSummary[];
}

export declare namespace GetHealth {
  export interface Response {
    data: Health;
  }
}
