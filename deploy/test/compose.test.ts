import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMPOSE_SITE } from '../nginx/render.mjs';

interface Service {
  build?: string;
  image?: string;
  ports?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  healthcheck?: { test: string[] | string };
  depends_on?: Record<string, { condition: string }>;
  stop_grace_period?: string;
}
interface Compose {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
}

const root = new URL('../../', import.meta.url);
const text = readFileSync(new URL('docker-compose.yml', root), 'utf8');
const compose = parse(text) as Compose;
const services = compose.services;
const parleys = Object.keys(services).filter((name) => /^parley\d+$/.test(name));

describe('docker-compose.yml', () => {
  it('runs two or more Parley instances behind nginx, on PostgreSQL and Redis', () => {
    expect(Object.keys(services).sort()).toEqual(expect.arrayContaining(['nginx', 'parley1', 'parley2', 'postgres', 'redis']));
    expect(parleys.length).toBeGreaterThanOrEqual(2);
    expect(services.postgres!.image).toMatch(/^postgres:16/);
    expect(services.redis!.image).toMatch(/^redis:7/);
  });

  it('builds every instance from the repository Dockerfile', () => {
    for (const name of parleys) expect(services[name]).toMatchObject({ build: '.', image: 'parley:local' });
    expect(existsSync(new URL('Dockerfile', root))).toBe(true);
  });

  it('points every instance at PostgreSQL and Redis, and waits until both are healthy', () => {
    for (const name of parleys) {
      const env = services[name]!.environment!;
      expect(env.PARLEY_DATABASE_URL).toMatch(/^postgres:\/\/parley:\$\{POSTGRES_PASSWORD:\?[^}]*\}@postgres:5432\/parley$/);
      expect(env.PARLEY_REDIS_URL).toBe('redis://redis:6379');
      expect(services[name]!.depends_on).toEqual({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
    }
  });

  it('has a health check on every service', () => {
    for (const [name, service] of Object.entries(services)) expect(service.healthcheck?.test, name).toBeDefined();
    for (const name of parleys) expect(JSON.stringify(services[name]!.healthcheck!.test)).toContain('/readyz');
  });

  it('shares one named blobs volume between the instances and keeps PostgreSQL data in another', () => {
    expect(Object.keys(compose.volumes)).toEqual(expect.arrayContaining(['blobs', 'pgdata']));
    for (const name of parleys) expect(services[name]!.volumes).toContain('blobs:/data/blobs');
    expect(services.postgres!.volumes).toContain('pgdata:/var/lib/postgresql/data');
  });

  it('publishes only nginx, whose upstreams are exactly the Parley services', () => {
    for (const [name, service] of Object.entries(services)) if (name !== 'nginx') expect(service.ports, name).toBeUndefined();
    expect(services.nginx!.ports).toEqual(['${PARLEY_HTTP_PORT:-8000}:80']);
    expect(services.nginx!.volumes).toContain('./deploy/nginx/nginx.conf:/etc/nginx/conf.d/default.conf:ro');
    expect(COMPOSE_SITE.upstreams.map((u) => u.split(':')[0]).sort()).toEqual(parleys.sort());
    expect(COMPOSE_SITE.listen).toBe('80');
    for (const name of parleys) expect(services.nginx!.depends_on?.[name]).toEqual({ condition: 'service_healthy' });
  });

  it('gives SIGTERM more time than the server needs to drain', () => {
    for (const name of parleys) expect(Number.parseInt(services[name]!.stop_grace_period!, 10)).toBeGreaterThan(10);
  });

  it('contains no secret, only required variables from .env', () => {
    for (const name of parleys) expect(services[name]!.environment!.PARLEY_JWT_SECRET).toMatch(/^\$\{PARLEY_JWT_SECRET:\?[^}]+\}$/);
    expect(services.postgres!.environment!.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?[^}]+\}$/);
    // Any other credential-looking value must be an interpolation, never a literal.
    for (const service of Object.values(services)) {
      for (const [key, value] of Object.entries(service.environment ?? {})) {
        if (/SECRET|PASSWORD|TOKEN/.test(key)) expect(value, key).toMatch(/^\$\{\w+:\?[^}]+\}$/);
      }
    }
    for (const match of text.matchAll(/:\/\/[^:/\s]+:([^@\s]+)@/g)) expect(match[1]).toMatch(/^\$\{\w+:\?[^}]+\}$/);
  });

  it('is the setup docs/deploy.md describes', () => {
    const docs = readFileSync(new URL('docs/deploy.md', root), 'utf8');
    expect(docs).toContain('docker compose up -d');
    for (const name of Object.keys(services)) expect(docs, name).toContain(`\`${name}\``);
    for (const name of Object.keys(compose.volumes)) expect(docs, name).toContain(`\`${name}\``);
  });
});
