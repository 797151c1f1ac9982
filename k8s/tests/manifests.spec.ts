import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const ROOT = join(__dirname, '../..');

/** The fields of a rendered Kubernetes object these tests read. */
interface Container {
  image: string;
  env?: Array<{ name: string; value?: string }>;
  envFrom: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  ports?: Array<{ name: string; containerPort: number }>;
  livenessProbe?: object;
  readinessProbe?: { httpGet?: { path: string; port: string | number } };
  resources: { requests?: Record<string, unknown>; limits: Record<string, unknown> };
  securityContext?: object;
}

interface KubernetesObject {
  kind: string;
  metadata: { name: string };
  spec: {
    template: {
      metadata?: { annotations?: Record<string, string> };
      spec: { containers: Container[]; securityContext?: object; nodeSelector?: Record<string, string>; tolerations?: object[] };
    };
  };
}

function render(path: string): KubernetesObject[] {
  const yaml = execFileSync('kubectl', ['kustomize', join(ROOT, path)], { encoding: 'utf8' });
  return parseAllDocuments(yaml).map((doc) => doc.toJS() as KubernetesObject);
}

const workloadKinds = ['Deployment', 'StatefulSet'];

describe.each(['k8s/base', 'k8s/overlays/production'])('kustomize %s', (path) => {
  const objects = render(path);
  const workloads = objects.filter((o) => workloadKinds.includes(o.kind));

  it('deploys NATS, PostgreSQL, the gateway, the model registry, inference, embedding, the trainer and memory RAG', () => {
    expect(workloads.map((w) => w.metadata.name).sort()).toEqual(['classifier', 'embedding', 'gateway', 'inference', 'memory-rag', 'model-registry', 'nats', 'postgres', 'trainer']);
    expect(objects.filter((o) => o.kind === 'Service').map((s) => s.metadata.name).sort()).toEqual(['gateway', 'nats', 'postgres']);
  });

  it.each(['gateway', 'model-registry', 'inference', 'embedding', 'trainer', 'memory-rag', 'classifier', 'nats', 'postgres'])('gives %s probes, resource requests and a non-root security context', (name) => {
    const workload = workloads.find((w) => w.metadata.name === name)!;
    const pod = workload.spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true });
    for (const container of pod.containers) {
      expect(container.livenessProbe).toBeDefined();
      expect(container.readinessProbe).toBeDefined();
      expect(container.resources.requests).toMatchObject({ cpu: expect.anything(), memory: expect.anything() });
      expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false });
    }
  });

  it.each(['gateway', 'model-registry', 'inference', 'embedding', 'trainer', 'memory-rag', 'classifier'])(
    'asks Prometheus to scrape %s\u2019s /metrics on the port its probes use',
    (name) => {
      const template = workloads.find((w) => w.metadata.name === name)!.spec.template;
      const container = template.spec.containers[0];
      const probePort = container.readinessProbe!.httpGet!.port;
      const port = container.ports!.find((p) => p.name === probePort || p.containerPort === probePort)!.containerPort;
      expect(template.metadata?.annotations).toMatchObject({
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': String(port),
        'prometheus.io/path': '/metrics',
      });
    },
  );

  it('points the services at NATS and PostgreSQL through config and secrets that exist', () => {
    const names = new Set(objects.filter((o) => o.kind === 'ConfigMap' || o.kind === 'Secret').map((o) => o.metadata.name));
    for (const name of ['gateway', 'model-registry', 'inference', 'embedding', 'trainer', 'memory-rag', 'classifier']) {
      const container = workloads.find((w) => w.metadata.name === name)!.spec.template.spec.containers[0];
      for (const source of container.envFrom) {
        expect(names).toContain(source.configMapRef?.name ?? source.secretRef?.name);
      }
    }
  });
});

describe('kustomize k8s/overlays/gpu', () => {
  const objects = render('k8s/overlays/gpu');
  const byName = (name: string) => objects.find((o) => o.kind === 'Deployment' && o.metadata.name === name)!;

  it.each(['inference', 'trainer'])('puts %s on GPU nodes with its CUDA image and one GPU', (name) => {
    const pod = byName(name).spec.template.spec;
    expect(pod.containers[0].image).toBe(`registry.example.com/lamini/${name}-cuda:0.1.0`);
    expect(pod.containers[0].resources.limits['nvidia.com/gpu']).toBe(1);
    expect(pod.nodeSelector).toEqual({ 'nvidia.com/gpu.present': 'true' });
    expect(pod.tolerations).toContainEqual(expect.objectContaining({ key: 'nvidia.com/gpu' }));
  });

  it('keeps every other service off the GPU nodes', () => {
    for (const name of ['gateway', 'model-registry', 'embedding', 'memory-rag', 'classifier']) expect(byName(name).spec.template.spec.nodeSelector).toBeUndefined();
  });

  it('keeps the libuv pool at one thread for the engine', () => {
    expect(byName('inference').spec.template.spec.containers[0].env).toContainEqual({ name: 'UV_THREADPOOL_SIZE', value: '1' });
  });
});

describe('Dockerfiles', () => {
  const apps = readdirSync(join(ROOT, 'apps')).filter((app) => existsSync(join(ROOT, 'apps', app, 'src/main.ts')));

  it.each(apps)('exist for %s, run as a non-root user and start that app', (app) => {
    const dockerfile = readFileSync(join(ROOT, 'docker', `${app}.Dockerfile`), 'utf8');
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toContain(`"apps/${app}/src/main.ts"`);
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
    expect(dockerfile).toContain(`"apps/${app}/src/main.ts"`);
  });
});
