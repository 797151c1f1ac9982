import { Inject, Injectable } from '@nestjs/common';
import { InferenceSubjects } from '@lamini/contracts';
import { type JobContext, type JobRecord, PrismaService } from '@lamini/persistence';
import { ServiceClient } from '@lamini/transport';
import { CLASSIFIER_CONFIG, type ClassifierConfig } from '../classifier.config';
import { ExampleStore } from '../datasets/example-store';
import { textKey } from '../datasets/labelled-examples';
import { GENERATED_DATASET, projectClasses } from '../projects/project-classes';
import { augmentationPrompt } from './augmentation-prompt';
import type { ClassifierJobPayload, ClassifierJobProgress } from './classifier-job.types';

/** Requests per inference call: one lockstep batch, small enough to stop soon after a cancel. */
const PROMPTS_PER_CALL = 4;

/**
 * Asks the project's LLM, with a JSON `output_type`, for new examples of each class from its
 * description and seed examples, until `CLASSIFIER_AUGMENT_PER_CLASS` new ones are stored or
 * twice as many were asked for. A text the project already holds for that class is dropped.
 * The stored rows are the job's state: a job taken over counts them and asks only for the rest.
 */
@Injectable()
export class AugmentHandler {
  constructor(
    @Inject(CLASSIFIER_CONFIG) private readonly config: ClassifierConfig,
    private readonly prisma: PrismaService,
    private readonly services: ServiceClient,
    private readonly examples: ExampleStore,
  ) {}

  async run(job: JobRecord<ClassifierJobPayload, ClassifierJobProgress>, context: JobContext<ClassifierJobProgress>): Promise<{ generated: Record<string, number> }> {
    const owner = { id: job.ownerId, name: job.ownerId };
    const { project } = await this.prisma.classifierJob.findUniqueOrThrow({ where: { jobId: job.id }, include: { project: true } });
    const classes = projectClasses(project);
    const target = this.config.augmentPerClass;
    const generated: Record<string, number> = {};
    for (const [index, klass] of classes.entries()) {
      const rows = await this.prisma.classifierExample.findMany({ where: { projectId: project.id, label: klass.name }, select: { text: true, textKey: true, generated: true } });
      const known = new Set(rows.map((row) => row.textKey));
      const seeds = rows.filter((row) => !row.generated).map((row) => row.text);
      generated[klass.name] = rows.filter((row) => row.generated).length;
      for (let asked = generated[klass.name]; generated[klass.name] < target && asked < 2 * target; ) {
        context.signal.throwIfAborted();
        const count = Math.min(PROMPTS_PER_CALL, 2 * target - asked);
        const prompts = Array.from({ length: count }, (_, i) => augmentationPrompt(klass, seeds, asked + i));
        asked += count;
        const answer = await this.services.send(InferenceSubjects.complete, owner, {
          model_name: project.modelName,
          prompt: prompts,
          output_type: { example: 'str' },
          max_new_tokens: this.config.augmentMaxTokens,
        });
        const fresh = this.freshTexts(answer.outputs.map((output) => output.example), known).slice(0, target - generated[klass.name]);
        if (fresh.length && (await this.prisma.classifierExample.count({ where: { projectId: project.id } })) + fresh.length > this.config.limits.maxProjectRows) {
          context.setProgress({ phase: 'stopped at CLASSIFIER_MAX_PROJECT_ROWS', fraction: 1, generated });
          return { generated };
        }
        if (fresh.length) {
          const { added } = await this.prisma.$transaction((tx) =>
            this.examples.insert(tx, project.id, GENERATED_DATASET, fresh.map((text) => ({ label: klass.name, text })), true),
          );
          generated[klass.name] += added;
        }
        context.setProgress({ phase: 'generating', fraction: (index + Math.min(1, asked / (2 * target))) / classes.length, generated: { ...generated } });
      }
    }
    context.setProgress({ phase: 'done', fraction: 1, generated });
    return { generated };
  }

  private freshTexts(outputs: unknown[], known: Set<string>): string[] {
    const fresh: string[] = [];
    for (const output of outputs) {
      if (typeof output !== 'string') continue;
      // PostgreSQL keeps neither NUL nor a lone surrogate, and a model may emit either.
      const text = output.replaceAll('\u0000', '').toWellFormed().trim().slice(0, this.config.limits.maxExampleChars);
      const key = textKey(text);
      if (!key || known.has(key)) continue;
      known.add(key);
      fresh.push(text);
    }
    return fresh;
  }
}
