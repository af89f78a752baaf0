/**
 * What the phone apps send through the outbox (lib/outbox), one sender per kind: each payload
 * carries its village and client id; a photo travels as a file in the outbox and is uploaded once
 * (its reference is kept, so a retry sends the very same request).
 */
import type { QueryClient } from '@tanstack/react-query';
import { uploadEvidence, fileReport, object, propose, redeem } from '../api/points';
import { pk } from '../api/keys';
import type { ProposeBody } from '../api/types';
import { onDelivered, registerSender, startReplaying, type OutboxItem } from '../lib/outbox';
import { shrinkPhoto } from './common';

export interface ProposePayload {
  village: string;
  id: string;
  ruleCode: string;
  target: ProposeBody['target'];
  reason: string;
  file: File | null;
}
export interface ObjectPayload {
  village: string;
  id: string;
  entryId: string;
  reason: string;
}
export interface ReportPayload {
  village: string;
  id: string;
  subjectPersonId: string;
  description: string;
  file: File | null;
}
export interface RedeemPayload {
  village: string;
  id: string;
  itemId: string;
}

export type SendKind = 'points.propose' | 'points.object' | 'points.report' | 'points.redeem';

/** The photo's reference: uploaded on the first attempt, kept for the next ones. */
async function evidence(
  item: OutboxItem,
  save: (p: Record<string, unknown>) => Promise<void>,
  village: string,
  file: File | null,
): Promise<string[]> {
  if (!file) return [];
  const kept = item.progress?.evidence as string[] | undefined;
  if (kept) return kept;
  const ref = (await uploadEvidence(village, await shrinkPhoto(file), file.name || 'photo.jpg')).ref;
  await save({ evidence: [ref] });
  return [ref];
}

registerSender('points.propose', async (item, save) => {
  const p = item.payload as ProposePayload;
  return propose(p.village, {
    id: p.id,
    ruleCode: p.ruleCode,
    target: p.target,
    reason: p.reason,
    evidence: await evidence(item, save, p.village, p.file),
  });
});
registerSender('points.object', async (item) => {
  const p = item.payload as ObjectPayload;
  return object(p.village, p.entryId, { id: p.id, reason: p.reason });
});
registerSender('points.report', async (item, save) => {
  const p = item.payload as ReportPayload;
  return fileReport(p.village, {
    id: p.id,
    subjectPersonId: p.subjectPersonId,
    description: p.description,
    evidence: await evidence(item, save, p.village, p.file),
  });
});
registerSender('points.redeem', async (item) => {
  const p = item.payload as RedeemPayload;
  return redeem(p.village, { id: p.id, itemId: p.itemId });
});

let started = false;

/** Replay saved writes (online, app start, back in view); what arrives refreshes the screens. */
export function startOutbox(qc: QueryClient) {
  if (started) return;
  started = true;
  onDelivered(() => {
    void qc.invalidateQueries({ queryKey: pk.all });
  });
  startReplaying();
}
