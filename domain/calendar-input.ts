import { z } from 'zod';

// Apart from calendar.ts, which workflows import: zod is for the edges, and a
// workflow pays for every module it bundles in each workflow it keeps cached.

export const isoDateSchema = z.iso.date({ error: 'must be a date written YYYY-MM-DD, e.g. 2026-05-21' });
