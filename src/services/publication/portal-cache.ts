/**
 * A change counter for the portal's page cache (http/routes/portal.ts): publishing and redacting bump
 * it so a cached page never outlives a change made in this process — a redaction takes effect at once.
 * Changes made elsewhere (another server process, a reveal, a plan mark) show after the cache's TTL.
 */
let generation = 0;

export function portalChanged(): void { generation++; }
export function portalGeneration(): number { return generation; }
