/** Chinese texts of the access area (accounts, audit, activation). */
const accessZh = {} as Record<string, unknown>;
export default accessZh;
