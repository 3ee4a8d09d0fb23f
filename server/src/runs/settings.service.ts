import { text } from '@skriptoteket/contracts';
import type { Actor } from '../shared/actor';
import { invalid, notFound } from '../shared/app-error';
import type { Clock } from '../shared/ports';
import { schemaHash } from '../tool-contract/schema-hash';
import { normalizeActionInput, normalizeSettings } from '../tool-contract/input-normalizer';
import type { SettingsRepo, ToolSource } from './runs.ports';

/** Each user's own values for a tool's settings_schema; a changed schema starts from empty values. */
export class SettingsService {
  constructor(private readonly deps: { settings: SettingsRepo; tools: ToolSource; clock: Clock }) {}

  async get(actor: Actor, slug: string): Promise<{ schema: unknown[]; values: Record<string, unknown> }> {
    const { schema, hash, toolId } = await this.schemaOf(slug);
    const stored = await this.deps.settings.find(toolId, actor.id, hash);
    return { schema, values: normalizeSettings(schema, stored ?? {}) };
  }

  async put(
    actor: Actor,
    slug: string,
    values: unknown,
  ): Promise<{ schema: unknown[]; values: Record<string, unknown> }> {
    const { schema, hash, toolId } = await this.schemaOf(slug);
    if (schema.length === 0)
      throw invalid(text('Verktyget har inga inställningar.', 'The tool has no settings.'));
    const normalized = normalizeActionInput(schema, values);
    if ('issues' in normalized)
      throw invalid(
        text('Några inställningar behöver rättas.', 'Some settings need to be corrected.'),
        normalized.issues,
      );
    await this.deps.settings.save(toolId, actor.id, hash, normalized.values, this.deps.clock.now());
    return { schema, values: normalized.values };
  }

  private async schemaOf(slug: string) {
    const tool = await this.deps.tools.findRunnable(slug);
    if (!tool)
      throw notFound(
        text(
          'Verktyget finns inte eller är inte publicerat.',
          'The tool does not exist or is not published.',
        ),
      );
    const schema = tool.snapshot.settingsSchema;
    return { schema, hash: schemaHash(schema), toolId: tool.toolId };
  }
}
