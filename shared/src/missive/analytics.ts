import { z } from 'zod';
import { idSchema, oneOf, timestampSchema } from './common';

export const accountTypes = [
  'custom',
  'email',
  'instagram',
  'live_chat',
  'messenger',
  'sms',
  'whatsapp',
] as const;

export const reportCreateBody = z.strictObject({
  reports: z
    .strictObject({
      organization: idSchema,
      start: timestampSchema,
      end: timestampSchema,
      time_zone: z
        .string()
        .refine(isTimeZone, 'must be an IANA time zone such as "America/Montreal"')
        .optional(),
      teams: z.array(idSchema).optional(),
      users: z.array(idSchema).optional(),
      shared_labels: z.array(idSchema).optional(),
      account_types: z.array(oneOf(accountTypes)).optional(),
    })
    .refine((report) => report.start < report.end, {
      path: ['end'],
      message: 'must be after start',
    }),
});
export type ReportRequest = z.infer<typeof reportCreateBody>['reports'];

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const reportCreatedResponse = z.object({ reports: z.object({ id: z.string() }) });

/**
 * Missive does not document a report's content; this is the emulator's
 * shape: totals, a day-by-day series and per-user, per-team and per-label rows.
 */
const counts = {
  conversations_created: z.number(),
  messages_received: z.number(),
  messages_sent: z.number(),
  comments_created: z.number(),
  conversations_closed: z.number(),
};
export const reportSchema = z.looseObject({
  id: z.string(),
  organization: z.string(),
  start: z.number(),
  end: z.number(),
  time_zone: z.string(),
  completed_at: z.number(),
  totals: z.looseObject({
    ...counts,
    median_first_response_seconds: z.number().nullable(),
    median_resolution_seconds: z.number().nullable(),
  }),
  by_day: z.array(z.looseObject({ date: z.string(), ...counts })),
  by_user: z.array(
    z.looseObject({
      user: z.string(),
      name: z.string(),
      messages_sent: z.number(),
      conversations_closed: z.number(),
      comments_created: z.number(),
    }),
  ),
  by_team: z.array(
    z.looseObject({
      team: z.string(),
      name: z.string(),
      conversations_created: z.number(),
      conversations_closed: z.number(),
    }),
  ),
  by_label: z.array(
    z.looseObject({ shared_label: z.string(), name: z.string(), conversations: z.number() }),
  ),
  by_account_type: z.array(
    z.looseObject({
      account_type: z.string(),
      messages_received: z.number(),
      messages_sent: z.number(),
    }),
  ),
});
export type Report = z.infer<typeof reportSchema>;
export const reportResponse = z.object({ reports: reportSchema });
