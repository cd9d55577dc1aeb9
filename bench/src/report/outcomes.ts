/** Reading scenario outcomes out of a BenchRun: measured, skipped, failed or never run. */
import { isSkipped, type BenchRun, type Correctness, type ScenarioOutcome, type ServerKey, type ServerRun } from './results.js';
import { fmtInt } from './format.js';

/** The scenarios a ServerRun can hold, by their field name. */
export type ScenarioKey = 'idle' | 'fanout' | 'manyRooms' | 'history' | 'reconnect' | 'search';

/** The result when the scenario ran, undefined when it was skipped or absent. */
export function measured<T>(outcome: ScenarioOutcome<T> | undefined): T | undefined {
  if (outcome === undefined || isSkipped(outcome)) return undefined;
  return outcome;
}

/** Why a scenario has no result for this server, in words a reader of the report understands. */
export function reasonMissing(serverRun: ServerRun, scenario: ScenarioKey): string {
  if (serverRun.error !== undefined) return `server failed: ${serverRun.error}`;
  const outcome = serverRun[scenario];
  if (isSkipped(outcome)) return `skipped: ${outcome.skipped}`;
  return 'not run';
}

export function findRun(run: BenchRun, key: ServerKey): ServerRun | undefined {
  return run.runs.find((candidate) => candidate.server.key === key);
}

export function parleyRuns(run: BenchRun): ServerRun[] {
  return run.runs.filter((candidate) => candidate.server.kind === 'parley');
}

/** True when at least one server has anything (result, skip or failure) to show for the scenario. */
export function hasScenario(run: BenchRun, scenario: ScenarioKey): boolean {
  return run.runs.some((serverRun) => serverRun[scenario] !== undefined);
}

/** 'lost 1, duplicated 0, reordered 0' when the checker saw any fault, undefined when delivery was clean. */
export function describeFaults(correctness: Correctness): string | undefined {
  const { lost, duplicated, reordered } = correctness;
  if (lost === 0 && duplicated === 0 && reordered === 0) return undefined;
  return `lost ${fmtInt(lost)}, duplicated ${fmtInt(duplicated)}, reordered ${fmtInt(reordered)}`;
}
