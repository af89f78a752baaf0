/** Client-side checks mirroring the server's rules (the server still decides). */

/** 11-digit mainland mobile number, optionally with +86; spaces and dashes ignored. */
export const phonePattern = /^(?:\+?86)?1\d{10}$/;
export const cleanPhone = (s: string) => s.replace(/[\s-]/g, '');

/** 8+ characters with letters and digits (server: passwords.ts assertPasswordRules). */
export const strongPassword = (v: string | undefined) => !!v && v.length >= 8 && /[A-Za-z]/.test(v) && /\d/.test(v);
