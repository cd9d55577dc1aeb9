import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** Path of kubectl, or undefined (after a loud warning) when it is missing outside CI. */
export const KUBECTL = (process.env.PATH ?? '')
  .split(delimiter)
  .map((dir) => join(dir, 'kubectl'))
  .find((path) => existsSync(path));
if (KUBECTL === undefined) {
  if (process.env.CI === 'true') throw new Error('kubectl is required under CI=true but is not on PATH');
  process.stderr.write('\n!!! kubectl not found: SKIPPING the kustomize tests !!!\n\n');
}

/** A rendered Kubernetes object, loosely typed: tests narrow what they read. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  [key: string]: unknown;
}

/** `kubectl kustomize <dir>`, parsed into objects. */
export function renderKustomization(dir: string): K8sObject[] {
  if (KUBECTL === undefined) throw new Error('kubectl is not installed');
  const out = execFileSync(KUBECTL, ['kustomize', dir], { encoding: 'utf8', timeout: 30_000 });
  return parseAllDocuments(out).map((doc) => {
    if (doc.errors.length > 0) throw doc.errors[0]!;
    return doc.toJS() as K8sObject;
  });
}
