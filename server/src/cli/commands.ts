import { sql } from 'drizzle-orm';
import { demoTools, seedCatalog } from '../catalog/catalog-seed';
import { queryRows, type Database } from '../db/client';
import type { UsersService } from '../identity/users.service';
import { newReadablePassword } from '../shared/tokens';
import { parseRole, requireOption, UsageError, type Options } from './usage';

/** What an operator command works on: the same objects whether the CLI opened the database or the server runs it. */
export interface CommandContext {
  database: Database;
  users: UsersService;
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

async function firstSuperuserId(database: Database): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    database.db,
    sql`select id from users where role = 'superuser' order by created_at limit 1`,
  );
  return row!.id;
}
