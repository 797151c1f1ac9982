import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type KubernetesObject,
  type LabelSelector,
  OVERLAYS,
  ROOT,
  SERVICES,
  type Workload,
  checkoutOfK8s,
  decode,
  find,
  generated,
  makeSecrets,
  removeCheckout,
  render,
  selects,
  workloadsOf,
} from './render';

/** The services that keep state in PostgreSQL (embedding keeps none). */
const DATABASE_CLIENTS = SERVICES.filter((s) => s !== 'embedding');

/** Stateless CPU services, scaled on CPU; inference and the trainer are scaled by other signals. */
const AUTOSCALED = ['gateway', 'model-registry', 'embedding', 'memory-rag', 'classifier'];

const k8s = checkoutOfK8s();
makeSecrets(k8s, 'dev');
makeSecrets(k8s, 'production');
const rendered = Object.fromEntries(OVERLAYS.map((overlay) => [overlay, render(join(k8s, 'overlays', overlay))]));
removeCheckout(k8s);

const containerOf = (objects: KubernetesObject[], kind: string, name: string) => find<Workload>(objects, kind, name).spec.template.spec.containers[0];
const envOf = (objects: KubernetesObject[], name: string, kind = 'Deployment') => containerOf(objects, kind, name).env ?? [];
const labelsOf = (w: Workload) => w.spec.template.metadata?.labels ?? {};

describe.each(OVERLAYS)('kustomize overlays/%s', (overlay) => {
  const objects = rendered[overlay];
  const workloads = workloadsOf(objects);
  const deployment = (name: string) => find<Workload>(objects, 'Deployment', name);

  it('deploys NATS, PostgreSQL, the gateway, every service and the release\u2019s migrate Job', () => {
    expect(workloads.filter((w) => w.kind !== 'Job').map((w) => w.metadata.name).sort()).toEqual([...SERVICES, 'nats', 'postgres'].sort());
    expect(workloads.filter((w) => w.kind === 'Job').map((w) => w.metadata.name)).toEqual(['migrate']);
    expect(objects.filter((o) => o.kind === 'Service').map((s) => s.metadata.name).sort()).toEqual(['gateway', 'nats', 'postgres']);
  });

  it.each([...SERVICES, 'nats', 'postgres'])('gives %s probes, resource requests and a non-root security context', (name) => {
    const pod = workloads.find((w) => w.metadata.name === name)!.spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true });
    for (const container of pod.containers) {
      expect(container.livenessProbe).toBeDefined();
      expect(container.readinessProbe).toBeDefined();
      expect(container.resources.requests).toMatchObject({ cpu: expect.anything(), memory: expect.anything() });
      expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false });
    }
  });

  it.each(SERVICES)('asks Prometheus to scrape %s\u2019s /metrics on the port its probes use', (name) => {
    const template = deployment(name).spec.template;
    const container = template.spec.containers[0];
    const probePort = container.readinessProbe!.httpGet!.port;
    const port = container.ports!.find((p) => p.name === probePort || p.containerPort === probePort)!.containerPort;
    expect(template.metadata?.annotations).toMatchObject({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(port), 'prometheus.io/path': '/metrics' });
  });

  it('reads configuration and secrets only from objects and keys the render holds', () => {
    const byName = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);
    for (const workload of workloads) {
      for (const container of workload.spec.template.spec.containers) {
        for (const source of container.envFrom ?? []) {
          if (source.configMapRef) expect(byName('ConfigMap', source.configMapRef.name)).toBeDefined();
          if (source.secretRef) expect(byName('Secret', source.secretRef.name)).toBeDefined();
        }
        for (const { name, valueFrom } of container.env ?? []) {
          const ref = valueFrom?.secretKeyRef;
          if (ref) expect([name, Object.keys(byName('Secret', ref.name)?.data ?? {})]).toEqual([name, expect.arrayContaining([ref.key])]);
        }
      }
    }
  });

  it.each(SERVICES)('has %s authenticate to NATS as itself, with its own password', (name) => {
    expect(envOf(objects, name)).toEqual(
      expect.arrayContaining([
        { name: 'NATS_USER', value: name },
        { name: 'NATS_PASSWORD', valueFrom: { secretKeyRef: { name: 'lamini-nats-credentials', key: name } } },
      ]),
    );
  });

  it('gives the database URL only to the processes that use the database, and the sealing key only to the registry', () => {
    const holders = (variable: string) => workloads.filter((w) => w.spec.template.spec.containers.some((c) => c.env?.some((e) => e.name === variable))).map((w) => w.metadata.name).sort();
    expect(holders('DATABASE_URL')).toEqual([...DATABASE_CLIENTS, 'migrate'].sort());
    expect(holders('LAMINI_SECRET_KEY')).toEqual(['model-registry']);
    for (const w of workloads) for (const c of w.spec.template.spec.containers) expect(c.envFrom?.filter((s) => s.secretRef) ?? []).toEqual([]);
  });

  it('runs NATS with the authorization block of lamini-nats-auth beside its configuration', () => {
    const nats = find<Workload>(objects, 'StatefulSet', 'nats').spec.template.spec;
    expect(nats.containers[0].args).toEqual(['-c', '/etc/nats/nats.conf']);
    const volume = nats.volumes!.find((v) => v.projected)!;
    expect(nats.containers[0].volumeMounts).toContainEqual(expect.objectContaining({ name: volume.name, mountPath: '/etc/nats' }));
    const [config, auth] = volume.projected!.sources;
    expect(config.configMap!.name).toBe(generated(objects, 'ConfigMap', 'nats-config')!.metadata.name);
    expect(auth.secret!.name).toBe('lamini-nats-auth');
    expect(generated(objects, 'ConfigMap', 'nats-config')!.data!['nats.conf']).toMatch(/^include \.\/auth\.conf$/m);
  });

  describe('network policies', () => {
    const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
    /** The policies that select a workload's pods. */
    const policiesOf = (w: Workload) => policies.filter((p) => selects(p.spec.podSelector as LabelSelector, labelsOf(w)));
    /** The workloads whose pods a policy's `from` pod selector admits. */
    const admitted = (policy: KubernetesObject) =>
      workloads.filter((w) => policy.spec.ingress.some((rule: { from?: Array<{ podSelector?: LabelSelector }> }) => rule.from?.some((peer) => peer.podSelector && selects(peer.podSelector, labelsOf(w))))).map((w) => w.metadata.name).sort();

    it('deny all ingress in the namespace unless allowed', () => {
      expect(find(objects, 'NetworkPolicy', 'default-deny-ingress').spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
    });

    it('open only the gateway\u2019s API port to any source', () => {
      const open = policies.filter((p) => p.spec.ingress?.some((rule: { from?: unknown[] }) => rule.from === undefined));
      expect(open.map((p) => p.metadata.name)).toEqual(['gateway']);
      expect(open[0].spec.ingress).toEqual([{ ports: [{ port: 'http', protocol: 'TCP' }] }]);
      expect(policiesOf(deployment('gateway')).map((p) => p.metadata.name).sort()).toEqual(['default-deny-ingress', 'gateway']);
    });

    it('let NATS be reached only by the processes that log in to it', () => {
      const natsClients = workloads.filter((w) => w.spec.template.spec.containers.some((c) => c.env?.some((e) => e.name === 'NATS_USER'))).map((w) => w.metadata.name).sort();
      expect(admitted(find(objects, 'NetworkPolicy', 'nats'))).toEqual(natsClients);
      expect(find(objects, 'NetworkPolicy', 'nats').spec.ingress[0].ports).toEqual([{ port: 'client', protocol: 'TCP' }]);
    });

    it('let PostgreSQL be reached only by the processes given its URL', () => {
      expect(admitted(find(objects, 'NetworkPolicy', 'postgres'))).toEqual([...DATABASE_CLIENTS, 'migrate'].sort());
      expect(find(objects, 'NetworkPolicy', 'postgres').spec.ingress[0].ports).toEqual([{ port: 'postgres', protocol: 'TCP' }]);
    });

    it('let the monitoring namespace scrape each service\u2019s health port and nothing else', () => {
      const scrape = find(objects, 'NetworkPolicy', 'metrics-scrape');
      expect(workloads.filter((w) => selects(scrape.spec.podSelector, labelsOf(w))).map((w) => w.metadata.name).sort()).toEqual(SERVICES.filter((s) => s !== 'gateway').sort());
      expect(scrape.spec.ingress).toEqual([{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], ports: [{ port: 'health', protocol: 'TCP' }] }]);
      for (const name of SERVICES.filter((s) => s !== 'gateway')) expect(containerOf(objects, 'Deployment', name).ports).toContainEqual({ name: 'health', containerPort: 8080 });
    });
  });

  describe('scaling', () => {
    const autoscalers = objects.filter((o) => o.kind === 'HorizontalPodAutoscaler');

    it('autoscales the CPU services on CPU, and leaves the replica count to the autoscaler', () => {
      expect(autoscalers.map((a) => a.spec.scaleTargetRef.name).sort()).toEqual([...AUTOSCALED].sort());
      for (const hpa of autoscalers) {
        expect(deployment(hpa.spec.scaleTargetRef.name).spec.replicas).toBeUndefined();
        expect(hpa.spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }]);
        expect(hpa.spec.maxReplicas).toBeGreaterThan(hpa.spec.minReplicas);
      }
      expect(find(objects, 'HorizontalPodAutoscaler', 'gateway').spec.minReplicas).toBe(overlay === 'dev' ? 2 : 3);
    });

    it('lets voluntary disruptions take one replica of each Deployment at a time', () => {
      const budgets = objects.filter((o) => o.kind === 'PodDisruptionBudget');
      for (const name of SERVICES) {
        const covering = budgets.filter((b) => selects(b.spec.selector, labelsOf(deployment(name))));
        expect([name, covering.map((b) => b.spec)]).toEqual([name, [expect.objectContaining({ maxUnavailable: 1 })]]);
      }
    });

    it('derives the inference and trainer memory budgets from their containers\u2019 limits', () => {
      const fromLimit = { resourceFieldRef: { resource: 'limits.memory' } };
      expect(envOf(objects, 'inference')).toContainEqual({ name: 'INFERENCE_MEMORY_LIMIT_BYTES', valueFrom: fromLimit });
      expect(envOf(objects, 'trainer')).toContainEqual({ name: 'TRAIN_CONTAINER_MEMORY_LIMIT_BYTES', valueFrom: fromLimit });
      for (const name of ['inference', 'trainer']) {
        expect(envOf(objects, name).map((e) => e.name)).not.toEqual(expect.arrayContaining(['INFERENCE_MEMORY_BUDGET_MB']));
        expect(envOf(objects, name).map((e) => e.name)).not.toEqual(expect.arrayContaining(['TRAIN_MEMORY_LIMIT_MB']));
      }
    });
  });

  it('migrates with the gateway\u2019s image, once per release', () => {
    const job = containerOf(objects, 'Job', 'migrate');
    expect(job.image).toBe(containerOf(objects, 'Deployment', 'gateway').image);
    expect(job.command).toEqual(['node', 'migrate.js']);
    const config = generated(objects, 'ConfigMap', 'lamini-config')!.data!;
    expect(config.DATABASE_MIGRATE).toBe(overlay === 'dev' ? undefined : 'off');
  });
});

describe('kustomize overlays/gpu', () => {
  const objects = rendered.gpu;
  const pod = (name: string) => find<Workload>(objects, 'Deployment', name).spec.template.spec;

  it.each(['inference', 'trainer'])('puts %s on GPU nodes with its CUDA image and one GPU per replica', (name) => {
    expect(pod(name).containers[0].image).toBe(`registry.example.com/lamini/${name}-cuda:0.1.0`);
    expect(pod(name).containers[0].resources.limits['nvidia.com/gpu']).toBe(1);
    expect(pod(name).nodeSelector).toEqual({ 'nvidia.com/gpu.present': 'true' });
    expect(pod(name).tolerations).toContainEqual(expect.objectContaining({ key: 'nvidia.com/gpu' }));
  });

  it('gives inference the memory its models are counted in, requested in full', () => {
    expect(pod('inference').containers[0].resources).toMatchObject({ requests: { memory: '48Gi' }, limits: { memory: '48Gi' } });
  });

  it('keeps every other service off the GPU nodes', () => {
    for (const name of ['gateway', 'model-registry', 'embedding', 'memory-rag', 'classifier']) expect(pod(name).nodeSelector).toBeUndefined();
  });

  it('keeps the libuv pool at one thread for the engine', () => {
    expect(pod('inference').containers[0].env).toContainEqual({ name: 'UV_THREADPOOL_SIZE', value: '1' });
  });
});

describe('the NATS server configuration', () => {
  const natsServer = (() => {
    try {
      execFileSync('nats-server', ['--version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();

  (natsServer ? it : it.skip)('is valid for nats-server with the generated authorization block', () => {
    const objects = rendered.production;
    const dir = mkdtempSync(join(tmpdir(), 'nats-conf-'));
    writeFileSync(join(dir, 'nats.conf'), generated(objects, 'ConfigMap', 'nats-config')!.data!['nats.conf']);
    writeFileSync(join(dir, 'auth.conf'), decode(generated(objects, 'Secret', 'lamini-nats-auth')!.data!['auth.conf']));
    try {
      expect(execFileSync('nats-server', ['-c', join(dir, 'nats.conf'), '-t'], { encoding: 'utf8', stdio: 'pipe' })).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Dockerfiles', () => {
  const apps = readdirSync(join(ROOT, 'apps')).filter((app) => existsSync(join(ROOT, 'apps', app, 'src/main.ts')));

  it.each(apps)('exist for %s, run as a non-root user and start that app, built', (app) => {
    const dockerfile = readFileSync(join(ROOT, 'docker', `${app}.Dockerfile`), 'utf8');
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(new RegExp(`nx run ${app}:build`));
    expect(dockerfile).toMatch(/^CMD \["node", ?"main\.js"\]$/m);
    expect(dockerfile.match(/^FROM /gm)!.length).toBeGreaterThan(1);
  });

  it('compile llama.cpp for the CPU inference image, which runs with the options it was built with', () => {
    // node-llama-cpp finds a local build by its cmake options: a runtime stage without them would
    // fall back to the slower prebuilt binary without a word.
    const stages = readFileSync(join(ROOT, 'docker', 'inference.Dockerfile'), 'utf8').split(/^FROM /m).slice(1);
    const cmakeOptions = (stage: string) => [...stage.matchAll(/NODE_LLAMA_CPP_CMAKE_OPTION_\w+=\S+/g)].map(([option]) => option).sort();
    expect(stages[0]).toMatch(/^RUN .*npm run engine:build/m);
    expect(cmakeOptions(stages[0])).toContain('NODE_LLAMA_CPP_CMAKE_OPTION_GGML_NATIVE=OFF');
    expect(cmakeOptions(stages.at(-1)!)).toEqual(cmakeOptions(stages[0]));
  });

  it.each(['inference', 'trainer'])('build the CUDA variant of %s on the CUDA runtime', (app) => {
    const dockerfile = readFileSync(join(ROOT, 'docker', `${app}-cuda.Dockerfile`), 'utf8');
    expect(dockerfile).toMatch(/^FROM nvidia\/cuda:[\w.-]+-runtime/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(new RegExp(`nx run ${app}:build:cuda`));
    expect(dockerfile).toMatch(/^CMD \["node", ?"main\.js"\]$/m);
  });
});
