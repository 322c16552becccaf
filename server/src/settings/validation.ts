import { z } from 'zod';
import type {
  CheckAllowlist,
  ReplaceToken,
  UpdateSettings,
} from '../../../shared/contracts/settings';
import { fieldAuthoritySchema } from '../fields/field-options';
import { parseAllowlistEntry } from '../ingest/allowlist';

const MAX_ALLOWLIST_ENTRIES = 200;

export const allowlistEntrySchema = z.string().superRefine((entry, ctx) => {
  const problem = parseAllowlistEntry(entry).error;
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const allowlistSchema = z.array(allowlistEntrySchema).max(MAX_ALLOWLIST_ENTRIES);

export const settingsUpdateSchema = z.strictObject({
  allowedIps: allowlistSchema.optional(),
  processingPaused: z.boolean().optional(),
  fieldAuthority: fieldAuthoritySchema.optional(),
}) satisfies z.ZodType<UpdateSettings.Request['body']>;

export const tokenReplacementSchema = z.strictObject({
  token: z
    .string()
    .min(8, 'the token must be at least 8 characters')
    .max(512, 'the token must be at most 512 characters')
    .regex(/^\S+$/, 'the token must not contain spaces'),
  /** Until when the token being replaced keeps working; null: it stops at once. Default: 24 hours. */
  previousTokenValidUntil: z.iso
    .datetime({ offset: true, message: 'an ISO 8601 time, e.g. 2026-12-01T12:00:00Z' })
    .refine((value) => Date.parse(value) > Date.now(), 'must be in the future')
    .nullable()
    .optional(),
}) satisfies z.ZodType<ReplaceToken.Request['body']>;

export const allowlistCheckSchema = z.strictObject({
  entries: z.array(z.string()).max(MAX_ALLOWLIST_ENTRIES),
}) satisfies z.ZodType<CheckAllowlist.Request['body']>;

export type SettingsUpdate = z.infer<typeof settingsUpdateSchema>;
export type TokenReplacement = z.infer<typeof tokenReplacementSchema>;
