/** Muster rows to the shapes the routes answer (the check-in token only to those who lead it). */
import type { CommandMuster, CommandMusterPerson } from '../../db/types';

export const presentMuster = (m: CommandMuster, withToken: boolean) => ({
  id: m.id,
  responseId: m.responseId,
  text: m.text,
  place: { name: m.placeName, lat: m.placeLat, lng: m.placeLng },
  token: withToken ? m.token : null,
  status: m.status,
  openedByName: m.openedByName,
  openedAt: m.openedAt,
  closedAt: m.closedAt,
  recipients: m.recipients,
  onMyWay: m.onMyWay,
  cannotCome: m.cannotCome,
  arrived: m.arrived,
});

export const presentMusterPerson = (p: CommandMusterPerson) => ({
  id: p.id,
  personId: p.personId,
  name: p.name,
  role: p.role,
  nodeId: p.nodeId,
  path: p.path,
  state: p.state,
  reason: p.reason,
  answeredAt: p.answeredAt,
  arrivedAt: p.arrivedAt,
  arrivedVia: p.arrivedVia,
  recordedByName: p.recordedByName,
});
