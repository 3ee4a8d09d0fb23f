import type { Role, SaveVersionBody } from '@skriptoteket/contracts';
import type { Actor } from '../src/shared/actor';
import type { Services } from '../src/compose';

export const script = (text: string) =>
  `def run_tool(input_dir, output_dir):\n    return ${JSON.stringify(text)}\n`;

export function versionBody(baseVersionId: string | null, text = 'Hej'): SaveVersionBody {
  return {
    baseVersionId,
    sourceCode: script(text),
    entrypoint: 'run_tool',
    inputSchema: [{ name: 'klass', label: 'Klass', kind: 'string' }],
    settingsSchema: [],
    usageInstructions: '# Så gör du\nFyll i klassen.',
  };
}

export interface Cast {
  superuser: Actor;
  admin: Actor;
  maintainer: Actor;
  otherContributor: Actor;
  user: Actor;
}

/** One account of each kind the governance rules distinguish. */
export async function createCast(services: Services): Promise<Cast> {
  const make = async (role: Role, name: string): Promise<Actor> => {
    const user = await services.users.createUser({
      email: `${name}@skola.se`,
      name,
      role,
      password: 'ett-bra-lösenord',
    });
    return { id: user.id, role: user.role };
  };
  return {
    superuser: await make('superuser', 'Sara'),
    admin: await make('admin', 'Adam'),
    maintainer: await make('contributor', 'Maja'),
    otherContributor: await make('contributor', 'Olle'),
    user: await make('user', 'Ulla'),
  };
}

/** A tool maintained by `cast.maintainer`, with taxonomy set so it can be published. */
export async function createTool(services: Services, cast: Cast, title = 'Gruppgenerator') {
  const tool = await services.tools.createTool(cast.admin, {
    title,
    summary: 'Delar in en klass i grupper.',
  });
  await services.tools.updateTool(cast.admin, tool.id, {
    professions: ['larare'],
    categories: ['lektionsplanering'],
  });
  await services.tools.addMaintainer(cast.admin, tool.id, { userId: cast.maintainer.id });
  return tool;
}

/** Takes the edit lock and saves a version on top of the current head. */
export async function save(services: Services, actor: Actor, toolId: string, text = 'Hej') {
  await services.tools.acquireLock(actor, toolId, false);
  const head = (await services.versions.listVersions(actor, toolId))[0] ?? null;
  return services.versions.saveVersion(actor, toolId, versionBody(head?.id ?? null, text));
}
