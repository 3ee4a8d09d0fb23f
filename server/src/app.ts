import cookie from '@fastify/cookie';
import { text } from '@skriptoteket/contracts';
import rateLimit from '@fastify/rate-limit';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Registry } from 'prom-client';
import { registerErrorHandling } from './http/error-handler';
import { registerInputGuard } from './http/input-guard';
import { registerNoStore } from './http/no-store';
import httpMetrics from './http/metrics';
import { registerOpenApi } from './http/openapi';
import { requestIdFrom } from './http/request-id';
import { registerSecurityHeaders } from './http/security-headers';
import sessionPlugin from './http/session.plugin';
import { registerSpa } from './http/spa';
import type { AuditService } from './audit/audit.service';
import { toolsRoutes } from './authoring/tools.routes';
import type { ToolsService } from './authoring/tools.service';
import { versionsRoutes } from './authoring/versions.routes';
import { diagnosticsRoutes } from './authoring/diagnostics.routes';
import type { DiagnosticsService } from './authoring/diagnostics.service';
import type { VersionsService } from './authoring/versions.service';
import { catalogRoutes } from './catalog/catalog.routes';
import type { CatalogService } from './catalog/catalog.service';
import type { AuthService } from './identity/auth.service';
import { accountsRoutes } from './identity/accounts.routes';
import type { AccountsService } from './identity/accounts.service';
import { ownAccountRoutes } from './identity/own-account.routes';
import type { OwnAccountService } from './identity/own-account.service';
import ipRateLimit from './http/ip-rate-limit';
import type { RateCounter } from './shared/rate-limit';
import type { Clock } from './shared/ports';
import { profileRoutes } from './identity/profile.routes';
import type { UsersService } from './identity/users.service';
import multipart from '@fastify/multipart';
import type { RunEvents } from './runs/runs.ports';
import { runsRoutes } from './runs/runs.routes';
import { bankRoutes } from './bank/bank.routes';
import type { SampleRunsService } from './bank/sample-runs.service';
import type { ToolTransferService } from './bank/tool-transfer.service';
import type { UploadLimits } from './runs/run-admission';
import type { RunsService } from './runs/runs.service';
import type { SettingsService } from './runs/settings.service';
import type { TestRunsService } from './runs/test-runs.service';
import { testRunsRoutes } from './runs/test-runs.routes';
import { authRoutes } from './identity/auth.routes';
import { healthRoutes } from './ops/health.routes';
import { systemStatusRoutes } from './ops/system-status.routes';
import type { SystemStatusService } from './ops/system-status.service';
import { AppError } from './shared/app-error';
import type { PasswordLinksService } from './people/password-links.service';
import type { UserAdminService } from './people/user-admin.service';
import { userAdminRoutes } from './people/user-admin.routes';
import type { SuggestionsService } from './suggestions/suggestions.service';
import { suggestionsRoutes } from './suggestions/suggestions.routes';

export interface RegisteredRoute {
  method: string;
  url: string;
  access: string | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route the app serves, for the authorization matrix and docs. */
    registeredRoutes: RegisteredRoute[];
  }
}

export interface AppServices {
  auth: AuthService;
  users: UsersService;
  accounts: AccountsService;
  ownAccount: OwnAccountService;
  tools: ToolsService;
  versions: VersionsService;
  diagnostics: DiagnosticsService;
  audit: AuditService;
  catalog: CatalogService;
  runs: RunsService;
  settings: SettingsService;
  userAdmin: UserAdminService;
  passwordLinks: PasswordLinksService;
  suggestions: SuggestionsService;
  sampleRuns: SampleRunsService;
  transfer: ToolTransferService;
  testRuns: TestRunsService;
}

export interface AppOptions {
  services: AppServices;
  readinessChecks: Record<string, () => Promise<void>>;
  systemStatus: SystemStatusService;
  metricsRegistry: Registry;
  events: RunEvents;
  /** Upload limits of test-run forms (run submissions take theirs from the tool). */
  uploadLimits: UploadLimits;
  /** Open run event streams per user and process (SKRIPTOTEKET_RUN_EVENT_STREAMS_PER_USER). */
  eventStreamsPerUser: number;
  cookieSecure: boolean;
  sessionMaxDays: number;
  loginRatePerMinute: number;
  accountRatePerMinute: number;
  /** Per-IP request counters held in the database (shared by every web process) and the clock they count by. */
  rateCounter: RateCounter;
  clock: Clock;
  webDir?: string | undefined;
  metricsToken?: string | undefined;
  trustProxy?: boolean;
  /** The process's logger; without one, the app logs nothing (tests). */
  logger?: FastifyBaseLogger;
}

/** Builds the HTTP application without listening, so tests can inject requests. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    genReqId: requestIdFrom,
    logController: new LogController({
      requestIdLogLabel: 'requestId',
      disableRequestLogging: (request) => request.url === '/healthz' || request.url === '/metrics',
    }),
    trustProxy: options.trustProxy ?? false,
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  const routes: RegisteredRoute[] = [];
  app.decorate('registeredRoutes', routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routes.push({ method, url: route.url, access: route.config?.access });
    }
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });

  registerErrorHandling(app);
  registerInputGuard(app);
  registerNoStore(app);
  registerSecurityHeaders(app, options.cookieSecure);
  await app.register(cookie);
  await app.register(multipart);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new AppError(
        'RATE_LIMITED',
        text(
          'För många försök. Vänta en stund och försök igen.',
          'Too many attempts. Wait a moment and try again.',
        ),
        { retryAfterSeconds: Math.ceil(context.ttl / 1000) },
      ),
  });
  await app.register(ipRateLimit, { counter: options.rateCounter, clock: options.clock });
  await app.register(httpMetrics, { registry: options.metricsRegistry });
  await registerOpenApi(app);
  const sessionOptions = {
    auth: options.services.auth,
    cookieSecure: options.cookieSecure,
    sessionMaxDays: options.sessionMaxDays,
  };
  await app.register(sessionPlugin, sessionOptions);

  await app.register(healthRoutes, {
    checks: options.readinessChecks,
    registry: options.metricsRegistry,
    metricsToken: options.metricsToken,
  });
  await app.register(
    async (api) => {
      const { services } = options;
      await api.register(authRoutes, { ...sessionOptions, loginRatePerMinute: options.loginRatePerMinute });
      await api.register(profileRoutes, { users: services.users });
      const ratePerMinute = options.accountRatePerMinute;
      await api.register(accountsRoutes, { accounts: services.accounts, ratePerMinute });
      await api.register(ownAccountRoutes, { ownAccount: services.ownAccount, ratePerMinute });
      await api.register(catalogRoutes, { catalog: services.catalog });
      await api.register(toolsRoutes, { tools: services.tools, audit: services.audit });
      await api.register(versionsRoutes, { versions: services.versions });
      await api.register(diagnosticsRoutes, { diagnostics: services.diagnostics });
      await api.register(runsRoutes, {
        runs: services.runs,
        settings: services.settings,
        events: options.events,
        eventStreamsPerUser: options.eventStreamsPerUser,
      });
      await api.register(testRunsRoutes, {
        testRuns: services.testRuns,
        events: options.events,
        uploadLimits: options.uploadLimits,
      });
      await api.register(systemStatusRoutes, { systemStatus: options.systemStatus });
      await api.register(userAdminRoutes, services);
      await api.register(suggestionsRoutes, services);
      await api.register(bankRoutes, { sampleRuns: services.sampleRuns, transfer: services.transfer });
    },
    { prefix: '/api/v1' },
  );
  await registerSpa(app, options.webDir);
  return app;
}
