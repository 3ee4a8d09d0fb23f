import { sql } from 'drizzle-orm';

/** The runnable-tool join: published, and the active pointer names an active version. */
export const runnableFrom = sql`tools t join tool_versions v on v.id = t.active_version_id and v.state = 'active'`;

export const cardColumns = (userId: string) => sql`t.id, t.slug, t.title, t.summary,
  coalesce((select array_agg(tp.profession_slug order by tp.profession_slug) from tool_professions tp where tp.tool_id = t.id), '{}') as professions,
  coalesce((select array_agg(tc.category_slug order by tc.category_slug) from tool_categories tc where tc.tool_id = t.id), '{}') as categories,
  exists (select 1 from favorites f where f.tool_id = t.id and f.user_id = ${userId}) as is_favorite`;
