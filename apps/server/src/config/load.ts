import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { ConfigSchema, ENV_KEYS, type ParsedConfig } from './schema.js';

/** A configuration problem, already phrased as the one line start-up prints. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Readonly<Record<string, string | undefined>>;
type Tree = Record<string, unknown>;

export interface LoadOptions {
  env: Env;
  /** Directory holding `config/config.yaml`; usually the working directory. */
  cwd: string;
  /** Applied last, for tests. */
  overrides?: Tree;
}

/** Defaults, then `config/config.yaml`, then `PARLEY_*` env; validated, or a ConfigError naming the key. */
export function loadConfig({ env, cwd, overrides }: LoadOptions): ParsedConfig {
  const sources = new Map<string, string>();
  const yamlPath = resolve(cwd, 'config/config.yaml');
  const tree: Tree = {};
  if (existsSync(yamlPath)) {
    const fromYaml = readYaml(yamlPath);
    mergeInto(tree, fromYaml, [], sources, 'config/config.yaml');
  }
  for (const [name, spec] of Object.entries(ENV_KEYS)) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    setPath(tree, spec.path, fromEnv(raw, spec.kind));
    sources.set(spec.path.join('.'), name);
  }
  if (overrides) mergeInto(tree, overrides, [], sources, 'overrides');
  const result = ConfigSchema.safeParse(tree);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!; // a failed parse always has at least one issue
  // An unknown key is reported on its parent object; name the key itself, so its source is found too.
  const path = [...issue.path.map(String), ...(issue.code === 'unrecognized_keys' ? issue.keys.slice(0, 1) : [])];
  const key = path.join('.') || '(root)';
  const source = findSource(sources, path);
  const problem = issue.code === 'unrecognized_keys' ? 'is not a known setting' : describe(issue);
  throw new ConfigError(`config: ${key} ${problem} (from ${source})`);
}

function readYaml(path: string): Tree {
  let parsed: unknown;
  try {
    parsed = parseYaml(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ConfigError(`config: config/config.yaml is not valid YAML (${(err as Error).message.split('\n')[0]})`);
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError('config: config/config.yaml must be a mapping of keys to values');
  }
  return parsed as Tree;
}

function fromEnv(raw: string, kind: 'string' | 'number' | 'list' | 'boolean'): unknown {
  // Anything but true/false is passed on as the string, so zod names the key and its source.
  if (kind === 'boolean') return ({ true: true, false: false } as Record<string, boolean>)[raw.trim().toLowerCase()] ?? raw;
  if (kind === 'list') return raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (kind === 'number') return /^-?\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : raw;
  return raw;
}

/** The problem in words an operator reads: "must be at least 1", not zod's "Too small: expected number to be >=1". */
function describe(issue: z.core.$ZodIssue): string {
  const message = issue.message;
  if (issue.code === 'too_small' && issue.origin === 'number') return `must be ${issue.inclusive === false ? 'greater than' : 'at least'} ${String(issue.minimum)}`;
  if (issue.code === 'too_big' && issue.origin === 'number') return `must be ${issue.inclusive === false ? 'less than' : 'at most'} ${String(issue.maximum)}`;
  const m = /^Invalid input: expected (\w+), received (\w+)$/.exec(message);
  if (m?.[1] === 'int') return 'must be a whole number';
  if (m) return `must be a ${m[1]} (got a ${m[2]})`;
  return message.startsWith('must') ? message : `is invalid: ${message}`;
}

function findSource(sources: Map<string, string>, path: string[]): string {
  for (let i = path.length; i > 0; i--) {
    const s = sources.get(path.slice(0, i).join('.'));
    if (s) return s;
  }
  return 'defaults';
}

function setPath(tree: Tree, path: readonly string[], value: unknown): void {
  let node = tree;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null) node[key] = {};
    node = node[key] as Tree;
  }
  node[path[path.length - 1]!] = value; // ENV_KEYS paths are never empty
}

function mergeInto(target: Tree, source: Tree, prefix: string[], sources: Map<string, string>, label: string): void {
  for (const [key, value] of Object.entries(source)) {
    const path = [...prefix, key];
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const existing = target[key];
      if (typeof existing !== 'object' || existing === null || Array.isArray(existing)) target[key] = {};
      mergeInto(target[key] as Tree, value as Tree, path, sources, label);
    } else {
      target[key] = value;
      sources.set(path.join('.'), label);
    }
  }
}
