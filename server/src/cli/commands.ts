import fs from 'node:fs/promises';
import { sql } from 'drizzle-orm';
import type { BankSeeder } from '../bank/bank-seeder';
import type { ToolTransferService } from '../bank/tool-transfer.service';
import type { Actor } from '../shared/actor';
import { demoTools, seedCatalog } from '../catalog/catalog-seed';
import { queryRows, type Database } from '../db/client';
import type { UsersService } from '../identity/users.service';
import { newReadablePassword } from '../shared/tokens';
import { parseRole, requireOption, UsageError, type Options } from './usage';

/** What an operator command works on: the same objects whether the CLI opened the database or the server runs it. */
export interface CommandContext {
  database: Database;
  users: UsersService;
  transfer: ToolTransferService;
  bankSeeder: BankSeeder;
}

/**
 * One operator command. `parse` checks the options without touching the database, so the CLI reports a usage
 * mistake before opening anything; `run` does the work, in the CLI process or in the running server.
 */
interface OperatorCommand<Args> {
  parse(options: Options): Args;
  run(context: CommandContext, args: Args): Promise<string>;
}

const command = <Args>(spec: OperatorCommand<Args>): OperatorCommand<Args> => spec;

const operatorCommands = {
  'db:migrate': command({
    parse: () => null,
    run: async ({ database }) => {
      await database.migrate();
      return `Migrations applied (${database.kind}).`;
    },
  }),
  'user:create': command({
    parse: (options) => ({
      email: requireOption(options, 'email'),
      role: parseRole(requireOption(options, 'role')),
      name: options['name'],
      password: options['password'],
    }),
    run: async ({ users }, { password, ...args }) => {
      // A generated password is handed to the person, who must replace it at first sign-in.
      const chosen = password ?? newReadablePassword();
      const user = await users.createUser({ ...args, password: chosen, mustChangePassword: !password });
      return `Created ${user.email} (${user.role}).${password ? '' : ` Password: ${chosen} (to be changed at first sign-in)`}`;
    },
  }),
  'user:set-role': command({
    parse: (options) => ({
      email: requireOption(options, 'email'),
      role: parseRole(requireOption(options, 'role')),
    }),
    run: async ({ users }, { email, role }) => {
      const user = await users.setRole(email, role);
      return `${user.email} is now ${user.role}.`;
    },
  }),
  'user:set-password': command({
    parse: (options) => ({ email: requireOption(options, 'email'), password: options['password'] }),
    run: async ({ users }, { email, password }) => {
      const chosen = password ?? newReadablePassword();
      await users.setPassword(email, chosen);
      return `Password changed; all sessions signed out.${password ? '' : ` New password: ${chosen}`}`;
    },
  }),
  'catalog:seed-demo': command({
    parse: (options) => {
      const count = Number(options['count'] ?? 50);
      if (!Number.isInteger(count) || count < 1 || count > 100_000)
        throw new UsageError('--count must be 1–100000');
      return count;
    },
    run: async ({ database, users }, count) => {
      const owner = await users.ensureFirstSuperuser(undefined, undefined);
      await seedCatalog(database.db, await firstSuperuserId(database), demoTools(count));
      return `Added ${count} published demo tools.${owner?.password ? ` First admin ${owner.email}, password ${owner.password}` : ''}`;
    },
  }),
  'bank:seed': command({
    parse: () => null,
    run: async (context) => {
      const report = await context.bankSeeder.seed(await operatorActor(context));
      return [
        `Script bank: ${report.created.length} tools created and published, ${report.kept.length} already present (left as they are).`,
        ...report.created.map((slug) => `  + ${slug}`),
      ].join('\n');
    },
  }),
  'tool:export': command({
    parse: (options) => ({
      slug: requireOption(options, 'slug'),
      file: options['file'],
    }),
    run: async (context, { slug, file }) => {
      const doc = await context.transfer.exportBySlug(await operatorActor(context), slug);
      const json = `${JSON.stringify(doc, null, 2)}\n`;
      if (!file) return json.trimEnd();
      await fs.writeFile(file, json, { flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
        throw error.code === 'EEXIST' ? new UsageError(`${file} already exists; choose another file`) : error;
      });
      return `Exported ${slug} (${doc.versions.length} versions, ${doc.samples.length} sample files) to ${file}.`;
    },
  }),
  'tool:import': command({
    parse: (options) => ({ file: requireOption(options, 'file') }),
    run: async (context, { file }) => {
      const content = await fs.readFile(file, 'utf8').catch(() => {
        throw new UsageError(`cannot read ${file}`);
      });
      let document: unknown;
      try {
        document = JSON.parse(content);
      } catch {
        throw new UsageError(`${file} is not JSON: not a tool export`);
      }
      const result = await context.transfer.importTool(await operatorActor(context), document, {
        source: 'file',
      });
      return `Imported ${result.slug} "${result.title}" (${result.versionCount} versions, ${result.sampleCount} sample files), unpublished: review it and publish it in the admin's tool page.`;
    },
  }),
};

export type OperatorCommandName = keyof typeof operatorCommands;

export function isOperatorCommand(name: string): name is OperatorCommandName {
  return Object.hasOwn(operatorCommands, name);
}

function lookup(name: string): OperatorCommand<unknown> {
  if (!isOperatorCommand(name)) throw new UsageError(`Unknown command: ${name}`);
  return operatorCommands[name];
}

/** Throws a UsageError for an unknown command or bad options; touches nothing. */
export function checkOperatorCommand(name: string, options: Options): void {
  lookup(name).parse(options);
}

export async function runOperatorCommand(
  context: CommandContext,
  name: string,
  options: Options,
): Promise<string> {
  const spec = lookup(name);
  return spec.run(context, spec.parse(options));
}

/** Operator commands act as the first superuser (created when there is none), in English. */
export async function operatorActor({ database, users }: CommandContext): Promise<Actor> {
  await users.ensureFirstSuperuser(undefined, undefined);
  return { id: await firstSuperuserId(database), role: 'superuser', locale: 'en' };
}

async function firstSuperuserId(database: Database): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    database.db,
    sql`select id from users where role = 'superuser' order by created_at limit 1`,
  );
  return row!.id;
}
