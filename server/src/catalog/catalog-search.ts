import { sql, type SQL } from 'drizzle-orm';

/** Words of a search box as a prefix tsquery: "grupp gen" → `grupp:* & gen:*`, folded like the documents. */
export function toPrefixQuery(input: string): string | null {
  const words = input
    .toLowerCase()
    .normalize('NFC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 8);
  return words.length ? words.map((w) => `${w.replace(/'/g, '')}:*`).join(' & ') : null;
}

export interface CatalogFilter {
  q?: string | undefined;
  professions: string[];
  categories: string[];
  favoritesOf?: string | undefined;
}

/** Conditions of the catalog query; `skip` leaves out one facet (for that facet's own counts). */
export function catalogConditions(
  filter: CatalogFilter,
  userId: string,
  skip?: 'professions' | 'categories',
): SQL {
  const parts: SQL[] = [sql`t.is_published`];
  const query = filter.q ? toPrefixQuery(filter.q) : null;
  if (query) parts.push(sql`t.search_vector @@ to_tsquery('swedish', skt_fold(${query}))`);
  if (filter.professions.length && skip !== 'professions') {
    parts.push(
      sql`exists (select 1 from tool_professions tp where tp.tool_id = t.id and tp.profession_slug in ${filter.professions})`,
    );
  }
  if (filter.categories.length && skip !== 'categories') {
    parts.push(
      sql`exists (select 1 from tool_categories tc where tc.tool_id = t.id and tc.category_slug in ${filter.categories})`,
    );
  }
  if (filter.favoritesOf) {
    parts.push(sql`exists (select 1 from favorites f where f.tool_id = t.id and f.user_id = ${userId})`);
  }
  return sql.join(parts, sql` and `);
}

/** The runnable-tool join: published, and the active pointer names an active version. */
export const runnableFrom = sql`tools t join tool_versions v on v.id = t.active_version_id and v.state = 'active'`;

export const cardColumns = (userId: string) => sql`t.id, t.slug, t.title, t.summary,
  coalesce((select array_agg(tp.profession_slug order by tp.profession_slug) from tool_professions tp where tp.tool_id = t.id), '{}') as professions,
  coalesce((select array_agg(tc.category_slug order by tc.category_slug) from tool_categories tc where tc.tool_id = t.id), '{}') as categories,
  exists (select 1 from favorites f where f.tool_id = t.id and f.user_id = ${userId}) as is_favorite`;
