import { z } from 'zod';
import { parseAllowlistEntry } from './ingest/allowlist';

const MEGABYTE = 1024 * 1024;

const allowlistEntry = z.string().superRefine((entry, ctx) => {
  const problem = parseAllowlistEntry(entry).error;
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const configSchema = z.object({
  /** The channel's authentication token; empty means "not configured" (the webhook answers 503). */
  authToken: z.string(),
  /** The token being rotated out, accepted until `previousAuthTokenExpiresAt`. */
  previousAuthToken: z.string(),
  previousAuthTokenExpiresAt: z.union([z.iso.datetime({ offset: true }), z.literal('')]),
  allowedIps: z.array(allowlistEntry),
  maxBodySize: z.number().int().min(1024),
  /** Longest silence while a request body is being read before the request is dropped with 408. */
  bodyReadTimeoutMs: z.number().int().min(100),
  redis: z.object({
    url: z.string().regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL'),
    prefix: z.string().min(1),
  }),
  worker: z.boolean(),
  concurrency: z.number().int().min(1).max(64),
  attempts: z.number().int().min(1).max(100),
  backoffMs: z.number().int().min(0),
  payloadRetentionDays: z.number().int().min(0),
  sweepIntervalMs: z.number().int().min(100),
  /** How long a worker's hold on a job lasts unrenewed: after a crash, its job is taken up again after this long. */
  jobLockMs: z.number().int().min(1_000),
}).refine((config) => config.previousAuthToken === '' || config.previousAuthTokenExpiresAt !== '', {
  path: ['previousAuthTokenExpiresAt'],
  message: 'required when previousAuthToken is set: the ISO 8601 time until which the previous token is accepted',
});

export type StagerConfig = z.infer<typeof configSchema>;

type Env = {
  (key: string, fallback?: string): string | undefined;
  int(key: string, fallback?: number): number | undefined;
  bool(key: string, fallback?: boolean): boolean | undefined;
  array(key: string, fallback?: string[]): string[] | undefined;
};

export const defaultConfig = ({ env }: { env: Env }): StagerConfig => ({
  authToken: env('STAGER_AUTH_TOKEN', '') ?? '',
  previousAuthToken: env('STAGER_PREVIOUS_AUTH_TOKEN', '') ?? '',
  previousAuthTokenExpiresAt: env('STAGER_PREVIOUS_AUTH_TOKEN_EXPIRES_AT', '') ?? '',
  allowedIps: env.array('STAGER_ALLOWED_IPS', []) ?? [],
  maxBodySize: 50 * MEGABYTE,
  bodyReadTimeoutMs: 30_000,
  redis: {
    url: env('REDIS_URL', 'redis://127.0.0.1:6379') ?? 'redis://127.0.0.1:6379',
    prefix: env('STAGER_QUEUE_PREFIX', 'stager') ?? 'stager',
  },
  worker: env.bool('STAGER_WORKER', true) ?? true,
  concurrency: 1,
  attempts: 5,
  backoffMs: 2_000,
  payloadRetentionDays: 30,
  sweepIntervalMs: 5_000,
  jobLockMs: 60_000,
});

/** Throws one line per invalid option, naming the option and the expected form. */
export function validateConfig(config: unknown): void {
  const result = configSchema.safeParse(config);
  if (result.success) return;
  const lines = result.error.issues.map(
    (issue) => `plugin stager: option "${issue.path.join('.')}": ${issue.message}`
  );
  throw new Error(lines.join('\n'));
}
