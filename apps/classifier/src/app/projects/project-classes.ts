import type { ClassifierClassView } from '@lamini/contracts';
import type { ClassifierProject } from '@lamini/persistence';

/** The dataset that holds the examples given to `initialize`. */
export const SEED_DATASET = 'examples';
/** The dataset augmentation writes the LLM's examples to, each row marked as generated. */
export const GENERATED_DATASET = 'generated';

/** The project's classes in their order: those `initialize` named, then labels added since. */
export function projectClasses(project: Pick<ClassifierProject, 'classes'>): ClassifierClassView[] {
  return project.classes as unknown as ClassifierClassView[];
}
