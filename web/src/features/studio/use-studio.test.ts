import type { Version } from '@skriptoteket/contracts';
import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { effectScope } from 'vue';
import { apiError, createAuthServer, json } from '../../test/fake-server';
import { adminTool, contributor, person, versionSummary } from '../../test/governance-fixtures';
import { resetApp, setupApp } from '../../test/setup-app';
import { STARTER_TEMPLATE } from './starter-template';
import { useStudio } from './use-studio';
import { readWorkingCopy } from './working-copy';

afterEach(resetApp);

const version = (id: string, number: number, sourceCode: string): Version => ({
  ...versionSummary({ id, number }),
  sourceCode,
  entrypoint: 'run_tool',
  inputSchema: [],
  settingsSchema: [],
  usageInstructions: '',
});

function studioWith(headId: string | null) {
  const server = createAuthServer(contributor);
  const v1 = version('ver-1', 1, 'x = 1\n');
  const v2 = version('ver-2', 2, 'x = 2\n');
  server.on('GET /admin/tools/tool-1', () =>
    json(200, adminTool({ head: headId ? { id: headId, number: 1, state: 'draft' } : null })),
  );
  server.on('GET /admin/versions/ver-1', () => json(200, v1));
  server.on('GET /admin/versions/ver-2', () => json(200, v2));
  setupApp({ server });
  const scope = effectScope();
  const studio = scope.run(() => useStudio(() => 'tool-1'))!;
  return { server, studio, v2 };
}

describe('the studio’s content', () => {
  it('starts a tool without versions from the starter template', async () => {
    const { studio } = studioWith(null);
    await studio.load();
    expect(studio.content.value).toEqual(STARTER_TEMPLATE);
    expect(studio.isDirty.value).toBe(false);
  });

  it('keeps edits in the browser and offers them back after a reload', async () => {
    const first = studioWith('ver-1');
    await first.studio.load();
    first.studio.content.value.sourceCode = 'x = 42\n';
    await flushPromises();
    first.studio.keepNow();
    expect(readWorkingCopy('tool-1', 'ver-1')?.content.sourceCode).toBe('x = 42\n');

    const second = studioWith('ver-1');
    await second.studio.load();
    expect(second.studio.content.value.sourceCode).toBe('x = 1\n');
    expect(second.studio.restorable.value?.content.sourceCode).toBe('x = 42\n');
    second.studio.restore();
    expect(second.studio.content.value.sourceCode).toBe('x = 42\n');
  });

  it('shows who saved in between on a stale save, then saves the edits on top of the newer version', async () => {
    const { server, studio, v2 } = studioWith('ver-1');
    await studio.load();
    studio.content.value.sourceCode = 'x = 3\n';
    server.on('POST /admin/tools/tool-1/versions', (req) =>
      (req.body as { baseVersionId: string }).baseVersionId === 'ver-2'
        ? json(201, { ...version('ver-3', 3, 'x = 3\n') })
        : apiError(409, 'CONFLICT', 'Olle har sparat en nyare version (nummer 2).', {
            reason: 'STALE_BASE',
            headVersionId: 'ver-2',
            headNumber: 2,
            savedBy: person({ id: 'u-olle', name: 'Olle', email: 'olle@skola.se' }),
          }),
    );

    expect(await studio.save()).toBeNull();
    expect(studio.stale.value).toMatchObject({
      headVersionId: 'ver-2',
      headNumber: 2,
      savedBy: { name: 'Olle' },
    });
    expect(studio.saveError.value).toEqual({ text: 'Olle har sparat en nyare version (nummer 2).' });

    await studio.continueOnNewer();
    expect(studio.head.value).toEqual(v2);
    expect(studio.content.value.sourceCode).toBe('x = 3\n');
    expect(studio.stale.value).toBeNull();
    const saved = await studio.save();
    expect(saved?.number).toBe(3);
    expect(studio.isDirty.value).toBe(false);
    const bases = server.requests
      .filter((r) => r.path === '/admin/tools/tool-1/versions')
      .map((r) => (r.body as { baseVersionId: string }).baseVersionId);
    expect(bases).toEqual(['ver-1', 'ver-2']);
  });
});
