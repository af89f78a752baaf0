/**
 * A restructuring during a response, over HTTP as the chief: a draft of the active structure with
 * one household moved from the largest grid to the smallest, activated (every node gets a new id).
 */
import { expect } from 'vitest';
import type { Call } from './demo-app';

const S = '/api/v1/villages/dahuashan/structures';
export type Grid = { id: string; code: string; kind: string; households: number };

export const gridsOf = async (call: Call, structure: string): Promise<Grid[]> =>
  (await call('GET', `${S}/${structure}`)).body.nodes.filter((n: Grid) => n.kind === 'grid');

export async function moveOneAndActivate(call: Call) {
  const active = (await gridsOf(call, 'active')).sort((a, b) => a.households - b.households);
  const [small, big] = [active[0], active[active.length - 1]];
  const moved = (await call('GET', `/api/v1/villages/dahuashan/households?node=${big.id}&pageSize=1`)).body.items[0]
    .id as string;
  const activate = async () => {
    const draft = await call('POST', S, { name: '应急加密网格' });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    const to = (await gridsOf(call, draft.body.id)).find((g) => g.code === small.code)!;
    const move = await call('POST', `${S}/${draft.body.id}/moves`, { householdIds: [moved], toNodeId: to.id });
    expect(move.status, JSON.stringify(move.body)).toBe(200);
    const activated = await call('POST', `${S}/${draft.body.id}/activate`, {});
    expect(activated.status, JSON.stringify(activated.body)).toBe(200);
  };
  return { small, big, moved, activate };
}
