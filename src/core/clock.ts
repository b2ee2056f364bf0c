/** Times of day as people write them: h:mm or hh:mm(:ss), 00:00 to 24:00. */

export const DAY_SECONDS = 24 * 3600;

/** Seconds after midnight, or null when the text is not a time of day. */
export function parseClock(text: string): number | null {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  if (!m) return null;
  const [h, min, s] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  const t = h * 3600 + min * 60 + s;
  return min > 59 || s > 59 || t > DAY_SECONDS ? null : t;
}
