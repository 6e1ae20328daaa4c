/** Nonces already seen per appKey, kept 15 minutes (§2, §7.3). */
export function createNonceStore(retentionMs = 15 * 60_000) {
  const byKey = new Map<string, Map<string, number>>();
  return {
    /** Marks the nonce used; true when it had been used within the retention period. */
    useUp(appKey: string, nonce: string, now: number): boolean {
      let seen = byKey.get(appKey);
      if (!seen) byKey.set(appKey, (seen = new Map()));
      // Entries go in roughly in time order, so expired ones sit at the front.
      for (const [n, expiresAt] of seen) {
        if (expiresAt > now) break;
        seen.delete(n);
      }
      const expiresAt = seen.get(nonce);
      const reused = expiresAt !== undefined && expiresAt > now;
      seen.delete(nonce);
      seen.set(nonce, now + retentionMs);
      return reused;
    },
  };
}

/**
 * The deliberate defect of counting per calendar second (`floor(now / 1000)`) instead of in any
 * sliding second (against §7.5): twice the limit passes when a burst straddles a second boundary.
 */
export function createCalendarSecondWindow(limit: number) {
  const counts = new Map<string, { second: number; count: number }>();
  return {
    admit(appKey: string, now: number): { ok: true } | { ok: false; retryAfterSeconds: number } {
      if (limit <= 0) return { ok: true };
      const second = Math.floor(now / 1000);
      let slot = counts.get(appKey);
      if (!slot || slot.second !== second) counts.set(appKey, (slot = { second, count: 0 }));
      if (slot.count >= limit) return { ok: false, retryAfterSeconds: 1 };
      slot.count++;
      return { ok: true };
    },
  };
}

/** Sliding one-second window per appKey (§7.5): at most `limit` admitted requests in any second. */
export function createSlidingWindow(limit: number, windowMs = 1000) {
  const hits = new Map<string, number[]>();
  return {
    /** Admits and counts the request, or answers how many whole seconds to wait. */
    admit(appKey: string, now: number): { ok: true } | { ok: false; retryAfterSeconds: number } {
      if (limit <= 0) return { ok: true };
      let times = hits.get(appKey);
      if (!times) hits.set(appKey, (times = []));
      while (times.length > 0 && times[0] <= now - windowMs) times.shift();
      if (times.length >= limit) {
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((times[0] + windowMs - now) / 1000)) };
      }
      times.push(now);
      return { ok: true };
    },
  };
}
