import { sql, type Kysely } from 'kysely';

/**
 * The end of publication became a durable job per entry (issue #8): entries already in
 * publication get theirs, due when their publication ends, like every entry published from now
 * on (the job is keyed by the entry, so it exists once).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    insert into jobs (id, village_id, kind, unique_key, payload, due_at, status, attempts, max_attempts, created_at)
    select 'points.finalise:' || id, village_id, 'points.finalise', 'points.finalise:' || id,
      '{"entryId":"' || id || '"}', coalesce(published_until, 0), 'pending', 0, 10, coalesce(decided_at, created_at)
    from points_entries
    where status = 'published'
    on conflict (unique_key) do nothing`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from jobs where kind = 'points.finalise' and status = 'pending'`.execute(db);
}
