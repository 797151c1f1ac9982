import { Injectable } from '@nestjs/common';
import {
  type ClassifierMetrics,
  type ClassifierModelRegistered,
  type ClassifierModelView,
  type ClassifierV2RegisterPayload,
  ConflictError,
  InvalidInputError,
  ModelNotFoundError,
  type OwnerContext,
  type ProjectRef,
} from '@lamini/contracts';
import { type JobRecord, PrismaService, apiJobStatus } from '@lamini/persistence';
import { ClassifierProjects } from '../projects/classifier-projects.service';

/** A trained version, as classification needs it. */
export interface ServableModel {
  id: string;
  projectName: string;
  version: number;
  embeddingModel: string;
  classes: string[];
  head: Buffer;
}

@Injectable()
export class ClassifierModels {
  constructor(
    private readonly prisma: PrismaService,
    private readonly projects: ClassifierProjects,
  ) {}

  async list(owner: OwnerContext, ref: ProjectRef): Promise<ClassifierModelView[]> {
    const project = await this.projects.findByName(owner, ref.project_name);
    const models = await this.prisma.classifierModel.findMany({
      where: { projectId: project.id },
      include: { classifierJob: { include: { job: { select: { status: true } } } } },
      orderBy: { version: 'asc' },
    });
    return models.map((model) => ({
      model_id: model.id,
      project_name: project.name,
      version: model.version,
      job_id: String(model.classifierJobId),
      status: apiJobStatus(model.classifierJob.job as Pick<JobRecord, 'status'>),
      registered: project.registeredModelId === model.id,
      embedding_model: model.embeddingModel,
      classes: (model.classes as string[] | null) ?? [],
      metrics: (model.metrics as ClassifierMetrics | null) ?? null,
      created_at: model.createdAt.toISOString(),
    }));
  }

  /** Makes a trained version the one `POST /{project name}/classify` serves. */
  async register(owner: OwnerContext, request: ClassifierV2RegisterPayload): Promise<ClassifierModelRegistered> {
    const project = await this.projects.findByIdOrName(owner, request.project_id);
    const model = await this.prisma.classifierModel.findFirst({ where: { id: request.model_id, projectId: project.id } });
    if (!model) throw ModelNotFoundError.forModel(request.model_id);
    if (String(model.classifierJobId) !== request.job_id) {
      throw InvalidInputError.at(['job_id'], `Model ${model.id} was trained by job ${model.classifierJobId}, not ${request.job_id}`);
    }
    if (!model.head) throw new ConflictError(`Model ${model.id} has not finished training`);
    await this.prisma.classifierProject.update({ where: { id: project.id }, data: { registeredModelId: model.id } });
    return { project_id: project.id, project_name: project.name, model_id: model.id, job_id: request.job_id, version: model.version };
  }

  /**
   * The model a classification names: a version's id, or a project's name for its registered
   * version (its latest trained one when none is registered). Another owner's is not found.
   */
  async servable(owner: OwnerContext, modelIdOrProject: string): Promise<ServableModel> {
    const byId = await this.prisma.classifierModel.findFirst({ where: { id: modelIdOrProject, project: { ownerId: owner.id } }, include: { project: true } });
    const model = byId ?? (await this.projectModel(owner, modelIdOrProject));
    if (!model) throw ModelNotFoundError.forModel(modelIdOrProject);
    if (!model.head) throw new ConflictError(`Classifier ${model.id} has not finished training; poll GET /v2/classifier/${model.classifierJobId}/status`);
    return {
      id: model.id,
      projectName: model.project.name,
      version: model.version,
      embeddingModel: model.embeddingModel,
      classes: model.classes as string[],
      head: Buffer.from(model.head),
    };
  }

  private async projectModel(owner: OwnerContext, projectName: string) {
    const project = await this.prisma.classifierProject.findUnique({ where: { ownerId_name: { ownerId: owner.id, name: projectName } } });
    if (!project) return null;
    const where = project.registeredModelId ? { id: project.registeredModelId } : { projectId: project.id, head: { not: null } };
    return this.prisma.classifierModel.findFirst({ where, orderBy: { version: 'desc' }, include: { project: true } });
  }
}
