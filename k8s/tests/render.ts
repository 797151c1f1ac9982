import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';

export const ROOT = join(__dirname, '../..');

/** The platform's processes: each is a Deployment and a NATS user of its own name. */
export const SERVICES = ['gateway', 'model-registry', 'inference', 'embedding', 'trainer', 'memory-rag', 'classifier'];

/** Every overlay an operator may apply. */
export const OVERLAYS = ['dev', 'production', 'gpu'];

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string };
    configMapKeyRef?: { name: string; key: string };
    resourceFieldRef?: { resource: string };
  };
}

export interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  ports?: Array<{ name: string; containerPort: number }>;
  livenessProbe?: object;
  readinessProbe?: { httpGet?: { path: string; port: string | number } };
  resources: { requests?: Record<string, unknown>; limits: Record<string, unknown> };
  securityContext?: object;
  volumeMounts?: Array<{ name: string; mountPath: string }>;
}

export interface PodSpec {
  containers: Container[];
  securityContext?: object;
  nodeSelector?: Record<string, string>;
  tolerations?: object[];
  volumes?: Array<{ name: string; projected?: { sources: Array<{ configMap?: { name: string }; secret?: { name: string } }> } }>;
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values: string[] }>;
}

/** The fields of rendered Kubernetes objects these tests read. */
export interface KubernetesObject {
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  data?: Record<string, string>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  spec: any;
}

export interface Workload extends KubernetesObject {
  spec: { replicas?: number; selector: LabelSelector; template: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec: PodSpec } };
}

/**
 * A copy of k8s/ in a temporary folder, without any overlay's secrets/ folder: what a fresh
 * checkout holds, whatever secret files this working copy has.
 */
export function checkoutOfK8s(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'lamini-k8s-')), 'k8s');
  cpSync(join(ROOT, 'k8s'), dir, { recursive: true, filter: (source) => basename(source) !== 'secrets' });
  return dir;
}

/** Removes a copy made by checkoutOfK8s, secrets and all. */
export function removeCheckout(k8sDir: string): void {
  rmSync(dirname(k8sDir), { recursive: true, force: true });
}

/** Runs the operator's own secrets script for an overlay of a copy. */
export function makeSecrets(k8sDir: string, overlay: string): void {
  execFileSync(process.execPath, [join(ROOT, 'tools/k8s/make-secrets.cjs'), join(k8sDir, 'overlays', overlay)], { stdio: 'pipe' });
}

export function renderText(dir: string): string {
  return execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export function render(dir: string): KubernetesObject[] {
  return parseAllDocuments(renderText(dir)).map((doc) => doc.toJS() as KubernetesObject);
}

export const workloadsOf = (objects: KubernetesObject[]) => objects.filter((o): o is Workload => ['Deployment', 'StatefulSet', 'Job'].includes(o.kind));

export function find<T extends KubernetesObject = KubernetesObject>(objects: KubernetesObject[], kind: string, name: string): T {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in the render`);
  return found as T;
}

/** Generated ConfigMaps and Secrets carry a hash suffix; this finds one by the name it was given. */
export function generated(objects: KubernetesObject[], kind: 'ConfigMap' | 'Secret', name: string): KubernetesObject | undefined {
  return objects.find((o) => o.kind === kind && (o.metadata.name === name || o.metadata.name.startsWith(`${name}-`)));
}

/** Whether a label selector picks pods with these labels. */
export function selects(selector: LabelSelector, labels: Record<string, string>): boolean {
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
  const byExpressions = (selector.matchExpressions ?? []).every(({ key, operator, values }) => {
    if (operator === 'In') return values.includes(labels[key]);
    throw new Error(`selector operator ${operator} not understood by this test`);
  });
  return byLabels && byExpressions;
}

export const decode = (value: string) => Buffer.from(value, 'base64').toString('utf8');
