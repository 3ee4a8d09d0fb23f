import type { Config } from './config';
import type { Database } from './db/client';
import { DrizzleUnitOfWork } from './db/unit-of-work';
import { AccountsService } from './identity/accounts.service';
import { Argon2PasswordHasher } from './identity/argon2-hasher';
import { AuthService } from './identity/auth.service';
import { identityRepos } from './identity/identity.repo';
import { OwnAccountService } from './identity/own-account.service';
import { CachedSessionRepo } from './identity/session-cache';
import { UsersService } from './identity/users.service';
import type { Mailer } from './mail/mail.ports';
import type { ProcessLogger } from './ops/logger';
import { PasswordLinksService } from './people/password-links.service';
import { PeopleMail } from './people/people-mail';
import type { AccountMail } from './people/user-admin.ports';
import { userAdminRepos } from './people/user-admin.repo';
import { UserAdminService } from './people/user-admin.service';
import type { ChangeFeed } from './shared/change-feed';
import type { Clock, UnitOfWork } from './shared/ports';
import type { RateCounter } from './shared/rate-limit';
import type { SuggestionMail } from './suggestions/suggestions.ports';
import { suggestionRepos } from './suggestions/suggestions.repo';
import { SuggestionsService } from './suggestions/suggestions.service';

export interface PeopleDeps {
  clock: Clock;
  log: ProcessLogger;
  changes: ChangeFeed;
  /** The platform's mailer (account mails: verification, email change, password reset). */
  mailer: Mailer;
  counter: RateCounter;
  /** Where user administration and suggestions send mail; by default through `mailer`. */
  mail?: (AccountMail & SuggestionMail) | undefined;
}

/** Sign-in, accounts, user administration and suggestions: everything that reads or writes people. */
export function peopleServices(config: Config, database: Database, deps: PeopleDeps) {
  const { clock } = deps;
  const tableRepos = identityRepos(database.db);
  const sessionCache = new CachedSessionRepo(tableRepos.sessions, { changes: deps.changes, clock });
  const repos = { ...tableRepos, sessions: sessionCache };
  const hasher = new Argon2PasswordHasher();
  const accounts = new AccountsService({
    repos,
    hasher,
    clock,
    mailer: deps.mailer,
    counter: deps.counter,
    ...config.accounts,
  });
  return {
    auth: new AuthService({ repos, hasher, clock, lockout: config.login, session: config.session }),
    accounts,
    ownAccount: new OwnAccountService({ repos, hasher, clock, lockout: config.login, accounts }),
    users: new UsersService({ repos, hasher, clock }),
    ...adminServices(config, database, {
      hasher,
      clock,
      log: deps.log,
      sessionCache,
      mail: deps.mail ?? new PeopleMail(deps.mailer, clock),
    }),
  };
}

/** User administration and suggestions. */
function adminServices(
  config: Config,
  database: Database,
  deps: {
    hasher: Argon2PasswordHasher;
    clock: Clock;
    log: ProcessLogger;
    mail: AccountMail & SuggestionMail;
    sessionCache: CachedSessionRepo;
  },
) {
  const log = deps.log.child({ component: 'people' });
  const { mail } = deps;
  // The same base as the self-service account links, so every mail points at the same app.
  const pageUrl = (pathWithQuery: string) => `${config.accounts.links.baseUrl}${pathWithQuery}`;
  const tables = new DrizzleUnitOfWork(database.db, userAdminRepos);
  // Account changes here (roles, deactivation, passwords) bypass the session cache: once they commit, every cached
  // session is dropped, so this process refuses a deactivated user at once (others within a notification's delay).
  const uow: UnitOfWork<ReturnType<typeof userAdminRepos>> = {
    run: async (fn) => {
      try {
        return await tables.run(fn);
      } finally {
        deps.sessionCache.forgetAll();
      }
    },
  };
  return {
    userAdmin: new UserAdminService({ uow, hasher: deps.hasher, clock: deps.clock, mail, pageUrl, log }),
    passwordLinks: new PasswordLinksService({ uow, hasher: deps.hasher, clock: deps.clock }),
    suggestions: new SuggestionsService({
      uow: new DrizzleUnitOfWork(database.db, suggestionRepos),
      clock: deps.clock,
      mail,
      pageUrl,
      log,
    }),
  };
}
