/** The clock is injected so that history and deadlines are tested without waiting. */
export interface Clock {
  now(): number;
}
export const systemClock: Clock = { now: () => Date.now() };
export const fixedClock = (start: number): Clock & { set(t: number): void; advance(ms: number): void } => {
  let t = start;
  return { now: () => t, set: (v) => (t = v), advance: (ms) => (t += ms) };
};
