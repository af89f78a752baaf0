/** Tags and other small lists are stored as JSON text on both backends. */
export const toJsonText = (v: unknown): string => JSON.stringify(v ?? []);
export const parseTags = (v: string | null | undefined): string[] => {
  if (!v) return [];
  try {
    const parsed = JSON.parse(v);
    return Array.isArray(parsed) ? parsed.map(String) : [];
  } catch {
    return [];
  }
};
