import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client';

export interface SeedTool {
  title: string;
  summary: string;
  instructions?: string;
  professions: string[];
  categories: string[];
  /** Unpublished tools exist in the database but never in the catalog. */
  isPublished?: boolean;
}

const SUBJECTS = [
  'Grupp',
  'Närvaro',
  'Betygs',
  'Elevlist',
  'Vårdnadshavar',
  'Schema',
  'Läsförståelse',
  'Glos',
  'Omdömes',
  'Mentors',
  'Utvecklingssamtals',
  'Frånvaro',
  'Provresultat',
  'Klasslist',
  'Åtgärdsprogram',
];
const KINDS = [
  'generator',
  'sammanställning',
  'rapport',
  'mall',
  'kontroll',
  'översikt',
  'lista',
  'planerare',
];
const AUDIENCES = [
  'för åk 1–3',
  'för åk 4–6',
  'för åk 7–9',
  'för gymnasiet',
  'för hela skolan',
  'för arbetslaget',
  'för mentorer',
  '',
];
const SUMMARIES = [
  'Skapar ett färdigt dokument från en klasslista på några sekunder.',
  'Läser en Excel-fil och sammanställer resultatet per elev.',
  'Gör en e-postlista till vårdnadshavare från en export ur skolans system.',
  'Delar in eleverna i grupper med hänsyn till önskemål.',
  'Ger en översikt över frånvaron per vecka och klass.',
  'Skapar en PDF som är redo att skriva ut.',
];
const PROFESSIONS = ['larare', 'specialpedagog', 'skoladministrator', 'rektor', 'gemensamt'];
const CATEGORIES = ['lektionsplanering', 'mentorskap', 'administration', 'ovrigt'];

/** `count` realistic Swedish tools, deterministic for a given count (the same seed gives the same catalog). */
export function demoTools(count: number): SeedTool[] {
  return Array.from({ length: count }, (_, i) => {
    const subject = SUBJECTS[i % SUBJECTS.length]!;
    const kind = KINDS[Math.floor(i / SUBJECTS.length) % KINDS.length]!;
    const audience = AUDIENCES[Math.floor(i / (SUBJECTS.length * KINDS.length)) % AUDIENCES.length]!;
    const serial = i >= SUBJECTS.length * KINDS.length * AUDIENCES.length ? ` ${i + 1}` : '';
    return {
      title: `${subject}${kind} ${audience}${serial}`.replace(/\s+/g, ' ').trim(),
      summary: SUMMARIES[i % SUMMARIES.length]!,
      instructions: `## Så gör du\n\n1. Ladda upp filen.\n2. Tryck på **Kör**.\n\nVerktyget passar ${audience || 'alla'}.`,
      professions: [PROFESSIONS[i % PROFESSIONS.length]!, ...(i % 3 === 0 ? ['gemensamt'] : [])].filter(
        (v, k, a) => a.indexOf(v) === k,
      ),
      categories: [CATEGORIES[i % CATEGORIES.length]!],
    };
  });
}

/**
 * Inserts tools with one active version each straight into the database, in batches: for development data,
 * tests and benchmarks, where going through review for every tool would be slow. Returns the tool ids.
 */
export async function seedCatalog(db: Executor, ownerId: string, tools: SeedTool[]): Promise<string[]> {
  const ids: string[] = [];
  const now = new Date();
  for (let start = 0; start < tools.length; start += 500) {
    const batch = tools
      .slice(start, start + 500)
      .map((tool, k) => ({ ...tool, id: randomUUID(), versionId: randomUUID(), n: start + k }));
    const slug = (t: (typeof batch)[number]) =>
      `${t.title
        .toLowerCase()
        .replace(/[åä]/g, 'a')
        .replace(/ö/g, 'o')
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '')}-${t.n}`;
    await db.execute(
      sql`insert into tools (id, slug, title, summary, owner_id, is_published, first_published_at, created_at, updated_at) values ${sql.join(
        batch.map(
          (t) =>
            sql`(${t.id}, ${slug(t)}, ${t.title}, ${t.summary}, ${ownerId}, false, ${now}, ${now}, ${now})`,
        ),
        sql`, `,
      )}`,
    );
    await db.execute(
      sql`insert into tool_versions (id, tool_id, number, state, source_code, entrypoint, input_schema, settings_schema, usage_instructions, content_hash, created_by, created_at, published_by, published_at) values ${sql.join(
        batch.map(
          (t) =>
            sql`(${t.versionId}, ${t.id}, 1, 'active', ${'def run_tool(input_dir, output_dir):\n    return "<p>Klart</p>"\n'}, 'run_tool', '[]'::jsonb, '[]'::jsonb, ${t.instructions ?? ''}, ${'seed'}, ${ownerId}, ${now}, ${ownerId}, ${now})`,
        ),
        sql`, `,
      )}`,
    );
    const professionRows = batch.flatMap((t) => t.professions.map((p) => sql`(${t.id}, ${p})`));
    const categoryRows = batch.flatMap((t) => t.categories.map((c) => sql`(${t.id}, ${c})`));
    if (professionRows.length)
      await db.execute(
        sql`insert into tool_professions (tool_id, profession_slug) values ${sql.join(professionRows, sql`, `)}`,
      );
    if (categoryRows.length)
      await db.execute(
        sql`insert into tool_categories (tool_id, category_slug) values ${sql.join(categoryRows, sql`, `)}`,
      );
    const batchIds = batch.map((t) => t.id);
    await db.execute(
      sql`update tools t set active_version_id = v.id from tool_versions v where v.tool_id = t.id and t.id in ${batchIds}`,
    );
    const published = batch.filter((t) => t.isPublished ?? true).map((t) => t.id);
    if (published.length)
      await db.execute(sql`update tools set is_published = true where id in ${published}`);
    ids.push(...batch.map((t) => t.id));
  }
  // Fresh planner statistics, as autovacuum would eventually gather, so bulk-seeded data is queried sensibly.
  await db.execute(sql`analyze tools, tool_versions, tool_professions, tool_categories`);
  return ids;
}
