import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Seconds, from a fast HTTP answer or message to a long generation. */
const REQUEST_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
const FIRST_TOKEN_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const LOAD_SECONDS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
/** Jobs run from a second (a failed download) to hours (a fine-tuning). */
const JOB_SECONDS = [0.1, 1, 5, 15, 60, 300, 900, 1800, 3600, 7200, 21600, 86400];
const BATCH_SENTENCES = [1, 2, 4, 8, 16, 32, 64, 128, 256];

/**
 * The process's Prometheus metrics, in a registry of its own rather than prom-client's global
 * one: the embedded mode runs every service in one process and shares one instance, and tests
 * start many applications in one process, each with its own. Label values are bounded: route
 * templates, subject names, model names, queue names and statuses, never request content.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'lamini_http_requests_total',
    help: 'HTTP requests answered by the gateway, by operation (method and route template) and status',
    labelNames: ['operation', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'lamini_http_request_duration_seconds',
    help: 'Time from a request arriving to its answer finishing (a whole stream for SSE), by operation and status',
    labelNames: ['operation', 'status'] as const,
    buckets: REQUEST_SECONDS,
    registers: [this.registry],
  });

  readonly transportRequests = new Counter({
    name: 'lamini_transport_requests_total',
    help: 'Messages handled by this process\u2019s services, by subject and outcome (ok, or the domain error code)',
    labelNames: ['subject', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly transportDuration = new Histogram({
    name: 'lamini_transport_request_duration_seconds',
    help: 'Time a service took to handle a message, by subject and outcome',
    labelNames: ['subject', 'outcome'] as const,
    buckets: REQUEST_SECONDS,
    registers: [this.registry],
  });

  readonly tokens = new Counter({
    name: 'lamini_inference_tokens_total',
    help: 'Tokens evaluated from prompts and generated in completions, by model and direction (prompt, completion)',
    labelNames: ['model', 'direction'] as const,
    registers: [this.registry],
  });
  readonly timeToFirstToken = new Histogram({
    name: 'lamini_inference_time_to_first_token_seconds',
    help: 'Time from a generation getting its sequence to its first generated token (prompt evaluation included, queueing not), by model',
    labelNames: ['model'] as const,
    buckets: FIRST_TOKEN_SECONDS,
    registers: [this.registry],
  });
  readonly queueDepth = new Gauge({
    name: 'lamini_inference_queue_depth',
    help: 'Generations waiting for a free sequence of a loaded model',
    labelNames: ['model'] as const,
    registers: [this.registry],
  });
  readonly activeSequences = new Gauge({
    name: 'lamini_inference_active_sequences',
    help: 'Sequences of a loaded model in use by generations',
    labelNames: ['model'] as const,
    registers: [this.registry],
  });
  readonly rejected = new Counter({
    name: 'lamini_inference_rejected_total',
    help: 'Requests refused with 429 because the model\u2019s queue was full',
    labelNames: ['model'] as const,
    registers: [this.registry],
  });

  readonly modelLoads = new Counter({
    name: 'lamini_model_loads_total',
    help: 'Models loaded into an engine, by service and model',
    labelNames: ['service', 'model'] as const,
    registers: [this.registry],
  });
  readonly modelLoadDuration = new Histogram({
    name: 'lamini_model_load_duration_seconds',
    help: 'Time to load a model into an engine, by service and model',
    labelNames: ['service', 'model'] as const,
    buckets: LOAD_SECONDS,
    registers: [this.registry],
  });
  readonly modelEvictions = new Counter({
    name: 'lamini_model_evictions_total',
    help: 'Loaded models unloaded to stay within the memory budget, by service and model',
    labelNames: ['service', 'model'] as const,
    registers: [this.registry],
  });

  readonly jobs = new Counter({
    name: 'lamini_jobs_total',
    help: 'Durable jobs entering a status (queued, running, succeeded, failed, cancelled), by queue',
    labelNames: ['queue', 'status'] as const,
    registers: [this.registry],
  });
  readonly jobDuration = new Histogram({
    name: 'lamini_job_duration_seconds',
    help: 'Time a worker ran a job until it ended, by queue and final status',
    labelNames: ['queue', 'status'] as const,
    buckets: JOB_SECONDS,
    registers: [this.registry],
  });

  readonly embeddingBatchSize = new Histogram({
    name: 'lamini_embedding_batch_size',
    help: 'Sentences per embedding engine run, by model',
    labelNames: ['model'] as const,
    buckets: BATCH_SENTENCES,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** Every metric in the Prometheus text format. */
  text(): Promise<string> {
    return this.registry.metrics();
  }
}

/** The content type of `Metrics.text()`, for a route that declares it up front. */
export const METRICS_CONTENT_TYPE: string = Registry.PROMETHEUS_CONTENT_TYPE;
