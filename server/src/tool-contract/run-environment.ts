/**
 * The SKRIPTOTEKET_* variables a tool sees (docs/TOOL-CONTRACT.md §1): fixed paths, the entrypoint, the input
 * manifest, the normalized form values on a first run, or on an action run `{}` and the action with the
 * server-held state. JSON is written exactly (integers beyond 2^53 included). Pure.
 */
import { stringifyJsonExact } from '@skriptoteket/contracts/json-exact';

export interface RunEnvironmentSpec {
  entrypoint: string;
  /** In the order the tool should list them (upload order on a first run, name order from the session). */
  inputFiles: { name: string; bytes: number }[];
  inputs: unknown;
  action: { actionId: string; state: unknown } | null;
}

export function runEnvironment(spec: RunEnvironmentSpec): Record<string, string> {
  const manifest = {
    files: spec.inputFiles.map((f) => ({ name: f.name, path: `/work/input/${f.name}`, bytes: f.bytes })),
  };
  const env: Record<string, string> = {
    SKRIPTOTEKET_SCRIPT_PATH: '/work/script.py',
    SKRIPTOTEKET_ENTRYPOINT: spec.entrypoint,
    SKRIPTOTEKET_INPUT_DIR: '/work/input',
    SKRIPTOTEKET_OUTPUT_DIR: '/work/output',
    SKRIPTOTEKET_RESULT_PATH: '/work/result.json',
    SKRIPTOTEKET_MEMORY_PATH: '/work/memory.json',
    SKRIPTOTEKET_INPUT_MANIFEST: stringifyJsonExact(manifest),
    SKRIPTOTEKET_INPUTS: spec.action ? '{}' : stringifyJsonExact(spec.inputs),
  };
  if (spec.action) {
    env['SKRIPTOTEKET_ACTION'] = stringifyJsonExact({
      action_id: spec.action.actionId,
      input: spec.inputs,
      state: spec.action.state,
    });
  }
  return env;
}
