import { basename } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InternalError, type LossPoint, RegistrySubjects } from '@lamini/contracts';
import type { JobContext, JobRecord } from '@lamini/persistence';
import { ServiceClient } from '@lamini/transport';
import { TrainingArtifacts } from '../artifacts/training-artifacts';
import { DatasetStore } from '../datasets/dataset-store';
import { LlamaTrainer } from '../engine/llama-trainer';
import type { TrainingCheckpoint, TrainingProgress, TrainingSpec } from '../engine/training-engine.types';
import { TRAINER_CONFIG, type TrainerConfig } from '../trainer.config';
import type { TrainingJobPayload, TrainingJobProgress, TrainingJobResult, TrainingPhase } from './training-job.types';

/** Loss points kept in a job's progress; older ones are thinned out to keep the row small. */
const LOSS_HISTORY_POINTS = 200;

/**
 * Runs one training job: loads its dataset and base model, trains (from its last checkpoint
 * when it has one: a resume, or a take-over after a crash), evaluates recall by greedy
 * generation, and hands the model to the registry under the job's model name.
 */
@Injectable()
export class TrainingJobHandler {
  private readonly logger = new Logger(TrainingJobHandler.name);

  constructor(
    @Inject(TRAINER_CONFIG) private readonly config: TrainerConfig,
    private readonly datasets: DatasetStore,
    private readonly artifacts: TrainingArtifacts,
    private readonly services: ServiceClient,
    private readonly trainer: LlamaTrainer,
  ) {}

  async run(job: JobRecord<TrainingJobPayload, TrainingJobProgress>, context: JobContext<TrainingJobProgress>): Promise<TrainingJobResult> {
    const { payload } = job;
    const owner = { id: job.ownerId, name: job.ownerId };
    let progress: TrainingJobProgress = job.progress ?? {
      phase: 'LOADING DATA',
      step: 0,
      totalSteps: payload.settings.maxSteps,
      epoch: 0,
      lossHistory: [],
      tokensPerSecond: null,
      recall: null,
      etaSeconds: null,
      checkpoint: null,
    };
    const update = (changes: Partial<TrainingJobProgress>) => {
      progress = { ...progress, ...changes };
      context.setProgress(progress);
    };
    const enter = (phase: TrainingPhase) => update({ phase });

    enter('LOADING DATA');
    const dataset = await this.datasets.load(job.ownerId, payload.datasetId);
    const facts = dataset.rows.slice(0, payload.settings.maxExamples ?? undefined);
    const resolved = await this.services.send(RegistrySubjects.resolveModel, owner, { model_name: payload.baseModel });
    const baseModelPath = resolved.files.find((file) => file.path.endsWith('.gguf'))?.path;
    if (!baseModelPath) throw new InternalError(`${payload.baseModel} has no GGUF file to train`);
    const spec: TrainingSpec = {
      baseModelPath,
      facts,
      mode: payload.settings.mode,
      maxSteps: payload.settings.maxSteps,
      learningRate: payload.settings.learningRate,
      saveSteps: payload.settings.saveSteps,
      maxLength: payload.settings.maxLength,
      threads: this.config.threads,
      seed: seedOf(job.id),
    };
    const checkpoint = progress.checkpoint;
    const resumeFrom: TrainingCheckpoint | undefined = checkpoint
      ? { step: checkpoint.step, modelPath: this.artifacts.checkpointPath(job.id, checkpoint.file) }
      : undefined;
    if (resumeFrom) this.logger.log(`job ${job.id} continues from its checkpoint at step ${resumeFrom.step}`);

    enter('TRAINING MODEL');
    const outputPath = this.artifacts.outputPath(job.id);
    const outcome = await this.trainer.run(spec, {
      resumeFrom,
      checkpointDir: this.artifacts.jobDir(job.id),
      outputPath,
      signal: context.signal,
      onProgress: (p) => update(trainingUpdate(progress, p)),
      onCheckpoint: (saved) => update({ checkpoint: { step: saved.step, file: basename(saved.modelPath) } }),
    });
    // Cancelled: the worker records it, with the checkpoint the engine wrote on the way out.
    if (outcome.state === 'cancelled') return { modelName: payload.modelName, steps: outcome.steps, finalLoss: outcome.finalLoss, recall: null, evaluation: [] };

    enter('EVALUATING MODEL');
    const recalled = await this.trainer.evaluate(outputPath, facts, this.config.threads);
    const evaluation = recalled.map((fact) => ({
      input: fact.input,
      expected_output: fact.expected,
      model_output: fact.generated,
      exact_match: fact.exact,
    }));
    const recall = evaluation.length ? evaluation.filter((e) => e.exact_match).length / evaluation.length : null;
    update({ recall, etaSeconds: 0 });

    enter('SAVING MODEL');
    await this.services.send(RegistrySubjects.registerTrained, owner, {
      model_name: payload.modelName,
      is_public: payload.isPublic,
      staged_path: outputPath,
      job_id: job.id,
    });
    return { modelName: payload.modelName, steps: outcome.steps, finalLoss: outcome.finalLoss, recall, evaluation };
  }
}

function trainingUpdate(previous: TrainingJobProgress, p: TrainingProgress): Partial<TrainingJobProgress> {
  const remaining = Math.max(0, p.totalSteps - p.step);
  return {
    step: p.step,
    totalSteps: p.totalSteps,
    epoch: p.epoch,
    tokensPerSecond: p.tokensPerSecond,
    recall: p.recall,
    lossHistory: appendLoss(previous.lossHistory, { step: p.step, loss: p.loss }),
    etaSeconds: p.secondsPerStep ? Math.round(remaining * p.secondsPerStep) : null,
  };
}

/** Appends a point; past the limit every other point is dropped, so history spans the whole run. */
function appendLoss(history: LossPoint[], point: LossPoint): LossPoint[] {
  const next = [...history, point];
  return next.length <= LOSS_HISTORY_POINTS ? next : next.filter((_, index) => index % 2 === 1 || index === next.length - 1);
}

/** A job's own seed: its sample order is the same on every attempt. */
function seedOf(jobId: string): number {
  return Number.parseInt(jobId.slice(0, 8), 16);
}
