/** The delivery job: one kind, keyed per message and attempt (and a check at the lease's end). */
export const SEND_JOB = 'outbound.send';
export const sendJobKey = (dedupeKey: string, attempt: number) => `outbound:send:${dedupeKey}:${attempt}`;
export const checkJobKey = (dedupeKey: string, attempt: number) => `outbound:check:${dedupeKey}:${attempt}`;
