import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  type ClassifierClassView,
  type ClassifierInitialized,
  type ClassifierProjectView,
  type ClassifierV2InitializePayload,
  DuplicateResourceError,
  InvalidInputError,
  type OwnerContext,
  ProjectNotFoundError,
  RegistrySubjects,
} from '@lamini/contracts';
import { type ClassifierProject, JobQueue, PrismaService } from '@lamini/persistence';
import { ServiceClient } from '@lamini/transport';
import { CLASSIFIER_CONFIG, type ClassifierConfig } from '../classifier.config';
import { checkClassName, checkResourceName, labelledExamples } from '../datasets/labelled-examples';
import { ExampleStore } from '../datasets/example-store';
import { AUGMENT_QUEUE, type ClassifierJobPayload } from '../jobs/classifier-job.types';
import { ClassifierWorkers } from '../jobs/classifier-workers';
import { SEED_DATASET, projectClasses } from './project-classes';

@Injectable()
export class ClassifierProjects {
  constructor(
    @Inject(CLASSIFIER_CONFIG) private readonly config: ClassifierConfig,
    private readonly prisma: PrismaService,
    private readonly jobs: JobQueue,
    private readonly services: ServiceClient,
    private readonly examples: ExampleStore,
    private readonly workers: ClassifierWorkers,
  ) {}

  /** Creates the project with its seed examples and queues the job that augments them, in one transaction. */
  async initialize(owner: OwnerContext, request: ClassifierV2InitializePayload): Promise<ClassifierInitialized> {
    const name = checkResourceName(request.name, ['name']);
    const classes = this.classesOf(request);
    const seeds = labelledExamples(request.examples ?? {}, 'examples', this.config.limits);
    if (await this.prisma.classifierProject.findUnique({ where: { ownerId_name: { ownerId: owner.id, name } } })) throw duplicate(name);
    // Fails with the model's own error (594 unknown, 513 still downloading) before anything is stored.
    await this.services.send(RegistrySubjects.resolveModel, owner, { model_name: request.model_name });
    const projectId = randomUUID();
    try {
      const { companion } = await this.jobs.enqueueWith<ClassifierJobPayload, number>(AUGMENT_QUEUE, owner.id, {}, async (tx, job) => {
        await tx.classifierProject.create({ data: { id: projectId, ownerId: owner.id, name, modelName: request.model_name, classes: classes as object[] } });
        await this.examples.insert(tx, projectId, SEED_DATASET, seeds, false);
        return (await tx.classifierJob.create({ data: { jobId: job.id, ownerId: owner.id, projectId, kind: 'augment' } })).id;
      });
      this.workers.wakeAugment();
      return { job_id: String(companion), name, project_id: projectId };
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicate(name);
      throw error;
    }
  }

  async list(owner: OwnerContext): Promise<ClassifierProjectView[]> {
    const projects = await this.prisma.classifierProject.findMany({ where: { ownerId: owner.id }, orderBy: { createdAt: 'asc' } });
    return projects.map(projectView);
  }

  async findByName(owner: OwnerContext, name: string): Promise<ClassifierProject> {
    const project = await this.prisma.classifierProject.findUnique({ where: { ownerId_name: { ownerId: owner.id, name } } });
    if (!project) throw ProjectNotFoundError.forProject(name);
    return project;
  }

  /** `register` names its project by id; the project's name is accepted too. */
  async findByIdOrName(owner: OwnerContext, idOrName: string): Promise<ClassifierProject> {
    const project = await this.prisma.classifierProject.findFirst({ where: { ownerId: owner.id, OR: [{ id: idOrName }, { name: idOrName }] } });
    if (!project) throw ProjectNotFoundError.forProject(idOrName);
    return project;
  }

  /** The classes in the order given, then the labels that only `examples` names (with no description). */
  private classesOf(request: ClassifierV2InitializePayload): ClassifierClassView[] {
    const { limits } = this.config;
    const classes: ClassifierClassView[] = Object.entries(request.classes).map(([className, description]) => {
      checkClassName(className, ['classes', className], limits);
      if (typeof description !== 'string' || description.length > limits.maxDescriptionChars) {
        throw InvalidInputError.at(['classes', className], `must be the class's description, a string of at most ${limits.maxDescriptionChars} characters`);
      }
      return { name: className, description };
    });
    for (const label of Object.keys(request.examples ?? {})) {
      if (!classes.some((c) => c.name === label)) classes.push({ name: label, description: null });
    }
    if (classes.length < 2) throw InvalidInputError.at(['classes'], 'A classifier needs at least two classes');
    if (classes.length > limits.maxClasses) throw InvalidInputError.at(['classes'], `A classifier has at most ${limits.maxClasses} classes (CLASSIFIER_MAX_CLASSES)`);
    return classes;
  }
}

function projectView(project: ClassifierProject): ClassifierProjectView {
  return {
    project_id: project.id,
    name: project.name,
    model_name: project.modelName,
    classes: projectClasses(project),
    registered_model_id: project.registeredModelId,
    created_at: project.createdAt.toISOString(),
  };
}

function duplicate(name: string): DuplicateResourceError {
  return new DuplicateResourceError(`A classifier project named ${JSON.stringify(name)} already exists`);
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}
