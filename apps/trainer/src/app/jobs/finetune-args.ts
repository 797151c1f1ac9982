import type { FinetuneArgs, FinetuneArgsReport, GPUConfig, TrainType } from '@lamini/contracts';
import { InvalidInputError } from '@lamini/contracts';
import type { TrainerConfig } from '../trainer.config';
import type { TrainingSettings } from './training-job.types';

/** The spec's defaults, for the arguments a caller leaves out of plain fine-tuning. */
const FINETUNE_DEFAULTS = { max_steps: 100, learning_rate: 0.0009, save_steps: 60, max_length: 2048 };
/** Memory tuning trains each fact to exact recall: a higher rate and a budget, not a step count. */
const MEMORY_TUNING_LEARNING_RATE = 0.002;
const MEMORY_TUNING_SAVE_STEPS = 200;
const MAX_LENGTH_LIMIT = 8192;

const NOT_APPLICABLE: Record<string, string> = {
  r_value: "llama.cpp's training updates the full weights; there is no LoRA rank to set",
  gradient_accumulation_steps: "llama.cpp's optimizer steps once per training sample (one fact)",
  index_method: 'the nearest-neighbour memory of MoME tuning is not built here; the facts are trained into the weights',
};
for (const name of ['index_k', 'index_max_size', 'index_pq_m', 'index_pq_nbits', 'index_ivf_nlist', 'index_ivf_nprobe', 'index_hnsw_m', 'index_hnsw_efConstruction', 'index_hnsw_efSearch']) {
  NOT_APPLICABLE[name] = NOT_APPLICABLE.index_method;
}

export interface ResolvedArgs {
  settings: TrainingSettings;
  report: FinetuneArgsReport;
}

/**
 * Turns the request's finetune arguments into the settings a job trains with, and reports
 * which applied and which were ignored, and why: nothing a caller sends disappears silently.
 */
export function resolveFinetuneArgs(
  trainType: TrainType,
  args: FinetuneArgs = {},
  gpuConfig: GPUConfig | undefined,
  config: Pick<TrainerConfig, 'memoryTuningMaxSteps'>,
): ResolvedArgs {
  const mode = trainType === 'finetune' ? 'finetune' : 'memory_tuning';
  const ignored: Record<string, string> = {};
  for (const [name, value] of Object.entries(args)) {
    if (value !== undefined && NOT_APPLICABLE[name]) ignored[name] = NOT_APPLICABLE[name];
  }
  if (args.optim !== undefined && args.optim.startsWith('adafactor')) {
    ignored.optim = "llama.cpp trains with AdamW or SGD; adafactor runs as AdamW";
  }
  if (gpuConfig && (gpuConfig.gpus || gpuConfig.nodes)) {
    ignored.gpu_config = 'a job trains on the one device of the trainer replica that claims it';
  }
  const maxLength = args.max_length ?? FINETUNE_DEFAULTS.max_length;
  if (maxLength < 8 || maxLength > MAX_LENGTH_LIMIT) {
    throw InvalidInputError.at(['finetune_args', 'max_length'], `max_length must be between 8 and ${MAX_LENGTH_LIMIT}`);
  }
  const settings: TrainingSettings = {
    mode,
    maxSteps: positive(args.max_steps, 'max_steps') ?? (mode === 'finetune' ? FINETUNE_DEFAULTS.max_steps : config.memoryTuningMaxSteps),
    learningRate: learningRate(args.learning_rate) ?? (mode === 'finetune' ? FINETUNE_DEFAULTS.learning_rate : MEMORY_TUNING_LEARNING_RATE),
    saveSteps: Math.ceil(positive(args.save_steps, 'save_steps') ?? (mode === 'finetune' ? FINETUNE_DEFAULTS.save_steps : MEMORY_TUNING_SAVE_STEPS)),
    maxLength,
    maxExamples: positive(args.max_finetuning_examples, 'max_finetuning_examples') ?? null,
  };
  const applied = {
    max_steps: settings.maxSteps,
    learning_rate: settings.learningRate,
    save_steps: settings.saveSteps,
    max_length: settings.maxLength,
    max_finetuning_examples: settings.maxExamples,
    optim: 'adamw',
  };
  return { settings, report: { applied, ignored } };
}

function positive(value: number | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!(value > 0)) throw InvalidInputError.at(['finetune_args', name], `${name} must be positive`);
  return value;
}

function learningRate(value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!(value > 0 && value < 1)) throw InvalidInputError.at(['finetune_args', 'learning_rate'], 'learning_rate must be between 0 and 1');
  return value;
}
