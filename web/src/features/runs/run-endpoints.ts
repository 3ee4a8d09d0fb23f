import type { RunView } from '@skriptoteket/contracts';
import { inject, provide, type InjectionKey } from 'vue';
import { htmlOutputUrl } from './results/renderers';
import { runsApi } from './runs-api';

/**
 * Where a shown run is read, followed, continued and cancelled. The run page uses the user's own runs
 * (/runs/{id}); a test-run panel provides the test-run endpoints, so the same steps, renderers and next-step
 * forms work on either.
 */
export interface RunEndpoints {
  get: (runId: string) => Promise<RunView>;
  cancel: (runId: string) => Promise<RunView>;
  act: (
    runId: string,
    body: { actionId: string; input: Record<string, unknown>; expectedStateRev: number },
  ) => Promise<RunView>;
  eventsUrl: (runId: string) => string;
  htmlOutputUrl: (runId: string, index: number) => string;
}

export const userRunEndpoints: RunEndpoints = {
  get: (runId) => runsApi.get(runId),
  cancel: (runId) => runsApi.cancel(runId),
  act: (runId, body) => runsApi.act(runId, body),
  eventsUrl: (runId) => runsApi.eventsUrl(runId),
  htmlOutputUrl,
};

const RUN_ENDPOINTS: InjectionKey<RunEndpoints> = Symbol('run-endpoints');

/** For the components below this one (call in setup). */
export function provideRunEndpoints(endpoints: RunEndpoints): void {
  provide(RUN_ENDPOINTS, endpoints);
}

/** The endpoints provided above this component; the user's own runs when none are (call in setup). */
export function useRunEndpoints(): RunEndpoints {
  return inject(RUN_ENDPOINTS, userRunEndpoints);
}
