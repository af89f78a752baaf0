/** Chinese texts of the points area (console and mobile). */
const pointsZh = {} as Record<string, unknown>;
export default pointsZh;
