import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KUBECTL, renderKustomization, type K8sObject } from './helpers/kubectl.js';

interface Probe {
  httpGet: { path: string; port: string };
}
interface Container {
  name: string;
  image: string;
  ports: Array<{ name: string; containerPort: number }>;
  env: Array<{ name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }>;
  envFrom: Array<{ configMapRef?: { name: string } }>;
  startupProbe: Probe;
  livenessProbe: Probe;
  readinessProbe: Probe;
  lifecycle?: { preStop?: { exec?: { command: string[] } } };
  resources: { requests: Record<string, string>; limits: Record<string, string> };
  securityContext: { allowPrivilegeEscalation: boolean; readOnlyRootFilesystem: boolean; capabilities: { drop: string[] } };
  volumeMounts: Array<{ name: string; mountPath: string }>;
}
interface PodSpec {
  terminationGracePeriodSeconds: number;
  securityContext: { runAsNonRoot: boolean; runAsUser: number };
  containers: Container[];
  volumes: Array<{ name: string; persistentVolumeClaim?: { claimName: string } }>;
}
interface Deployment {
  replicas: number;
  selector: { matchLabels: Record<string, string> };
  template: { metadata: { labels: Record<string, string> }; spec: PodSpec };
}

const overlay = (name: string) => fileURLToPath(new URL(`../k8s/overlays/${name}`, import.meta.url));
const one = (objects: K8sObject[], kind: string, name?: string) => {
  const found = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  expect(found, `${kind} ${name ?? ''}`).toHaveLength(1);
  return found[0]!;
};
const matches = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

describe.skipIf(KUBECTL === undefined).each([
  { name: 'dev', replicas: 1 },
  { name: 'prod', replicas: 3 },
])('kustomize overlay $name', ({ name, replicas }) => {
  const objects = KUBECTL === undefined ? [] : renderKustomization(overlay(name));
  const deployment = () => one(objects, 'Deployment', 'parley').spec as unknown as Deployment;
  const pod = () => deployment().template.spec;
  const container = () => pod().containers[0]!;

  it(`runs ${replicas} replica(s)`, () => {
    expect(deployment().replicas).toBe(replicas);
  });

  it('probes start-up and liveness on /healthz and readiness on /readyz', () => {
    const c = container();
    expect(c.startupProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(c.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(c.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(c.ports).toEqual([{ name: 'http', containerPort: 8000 }]);
  });

  it('runs as non-root on a read-only root filesystem with no capabilities', () => {
    expect(pod().securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(container().securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    // Everything the server writes must be on a volume, since the root filesystem is read-only.
    expect(container().volumeMounts.map((m) => m.mountPath).sort()).toEqual(['/data', '/data/blobs', '/tmp']);
  });

  it('sets CPU and memory requests and limits', () => {
    const { requests, limits } = container().resources;
    for (const r of ['cpu', 'memory']) {
      expect(requests[r], `requests.${r}`).toBeDefined();
      expect(limits[r], `limits.${r}`).toBeDefined();
    }
  });

  it('drains before the server stops: preStop sleep, then more grace than the 10 s shutdown', () => {
    expect(container().lifecycle?.preStop?.exec?.command[0]).toBe('sleep');
    expect(pod().terminationGracePeriodSeconds).toBeGreaterThanOrEqual(15);
  });

  it('references parley-secrets for credentials and embeds no Secret', () => {
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    const env = Object.fromEntries(container().env.map((e) => [e.name, e]));
    expect(env.PARLEY_JWT_SECRET?.valueFrom?.secretKeyRef).toEqual({ name: 'parley-secrets', key: 'jwt-secret' });
    expect(env.PARLEY_DATABASE_URL?.valueFrom?.secretKeyRef).toEqual({ name: 'parley-secrets', key: 'database-url' });
    expect(env.PARLEY_REDIS_URL?.valueFrom?.secretKeyRef).toEqual({ name: 'parley-secrets', key: 'redis-url' });
    for (const e of container().env) expect(e.value, e.name).toBeUndefined();
    const configMap = container().envFrom[0]!.configMapRef!.name;
    const data = one(objects, 'ConfigMap', configMap).data as Record<string, string>;
    expect(Object.keys(data).filter((k) => /SECRET|PASSWORD|TOKEN|DATABASE_URL|REDIS_URL/.test(k))).toEqual([]);
  });

  it('selects its pods from the Service and the PodDisruptionBudget', () => {
    const labels = deployment().template.metadata.labels;
    expect(matches(deployment().selector.matchLabels, labels)).toBe(true);
    const service = one(objects, 'Service', 'parley').spec as { selector: Record<string, string>; ports: Array<{ targetPort: string }> };
    expect(matches(service.selector, labels)).toBe(true);
    expect(service.ports.map((p) => p.targetPort)).toEqual(['http']);
    const pdb = one(objects, 'PodDisruptionBudget', 'parley');
    expect(pdb.apiVersion).toBe('policy/v1');
    expect(matches((pdb.spec as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels, labels)).toBe(true);
  });

  it('mounts the blobs claim that every pod shares', () => {
    const claim = pod().volumes.find((v) => v.name === 'blobs')?.persistentVolumeClaim?.claimName;
    const pvc = one(objects, 'PersistentVolumeClaim', claim);
    expect((pvc.spec as { accessModes: string[] }).accessModes).toEqual([replicas > 1 ? 'ReadWriteMany' : 'ReadWriteOnce']);
  });
});

describe.skipIf(KUBECTL === undefined)('kustomize overlays compared', () => {
  const dev = KUBECTL === undefined ? [] : renderKustomization(overlay('dev'));
  const prod = KUBECTL === undefined ? [] : renderKustomization(overlay('prod'));

  it('autoscales prod on CPU from three replicas, and not dev', () => {
    const hpa = one(prod, 'HorizontalPodAutoscaler', 'parley');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec).toMatchObject({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'parley' },
      minReplicas: 3,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization' } } }],
    });
    expect(dev.filter((o) => o.kind === 'HorizontalPodAutoscaler')).toEqual([]);
  });

  it('gives prod bigger resources than dev and a real image', () => {
    const res = (objects: K8sObject[]) => (one(objects, 'Deployment', 'parley').spec as unknown as Deployment).template.spec.containers[0]!;
    expect(res(dev).resources.limits.memory).toBe('256Mi');
    expect(res(prod).resources.limits.memory).toBe('1Gi');
    expect(res(prod).image).toMatch(/^[\w.-]+\/[\w./-]+:[\w.-]+$/);
  });

  it('exposes prod through an Ingress set up for WebSockets, uploads and TLS', () => {
    const ingress = one(prod, 'Ingress', 'parley');
    expect(ingress.metadata.annotations).toMatchObject({
      'nginx.ingress.kubernetes.io/proxy-read-timeout': '3600',
      'nginx.ingress.kubernetes.io/proxy-send-timeout': '3600',
      'nginx.ingress.kubernetes.io/proxy-body-size': '26m',
    });
    const spec = ingress.spec as {
      tls: Array<{ secretName: string }>;
      rules: Array<{ http: { paths: Array<{ path: string; backend: { service: { name: string; port: { name: string } } } }> } }>;
    };
    expect(spec.tls[0]!.secretName).toBe('parley-tls');
    expect(spec.rules[0]!.http.paths[0]!.backend.service).toEqual({ name: 'parley', port: { name: 'http' } });
    expect(dev.filter((o) => o.kind === 'Ingress')).toEqual([]);
  });

  it('blocks /metrics at the prod Ingress', () => {
    const blocked = one(prod, 'Ingress', 'parley-metrics-blocked');
    expect(blocked.metadata.annotations?.['nginx.ingress.kubernetes.io/whitelist-source-range']).toBe('127.0.0.1/32');
    const paths = (blocked.spec as { rules: Array<{ http: { paths: Array<{ path: string; pathType: string }> } }> }).rules[0]!.http.paths;
    expect(paths).toEqual([expect.objectContaining({ path: '/metrics', pathType: 'Exact' })]);
  });
});
