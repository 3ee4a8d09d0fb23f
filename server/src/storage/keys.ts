/**
 * The layout of the file store, in one place: a run's uploads and artifacts under `runs/<runId>/`, and the
 * uploads a multi-step tool keeps for its next steps under `sessions/<tool>/<user>/<context>/<runId>/` (a folder
 * per first run, so a newer run never writes over files an older step may still be reading). Keys are relative
 * paths; file names are already bare (the tool contract's upload rules).
 */
type Session = { toolId: string; userId: string; context: string };

const sessionFiles = (session: Session, runId: string) =>
  `sessions/${session.toolId}/${session.userId}/${session.context}/${runId}`;

export const storageKeys = {
  run: (runId: string) => `runs/${runId}`,
  runInput: (runId: string, name: string) => `runs/${runId}/input/${name}`,
  runOutputs: (runId: string) => `runs/${runId}/output`,
  runOutput: (runId: string, relPath: string) => `runs/${runId}/output/${relPath}`,
  sessionFiles,
  sessionFile: (session: Session, runId: string, name: string) => `${sessionFiles(session, runId)}/${name}`,
};
