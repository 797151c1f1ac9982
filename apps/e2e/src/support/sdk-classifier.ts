import type { ClassificationResult, ClassifierJobView } from '@lamini/contracts';
import type { SdkAnswer, SdkWire } from './sdk-wire';

/**
 * `lamini/classify/lamini_classifier.py`'s LaminiClassifier on the wire: the exact JSON each of
 * its methods sends to `/v2/classifier`, and the fields it keeps from the answers (`job_id`
 * from initialize and train, `model_id` from train_status).
 */
export class SdkClassifier {
  trainJobId: string | null = null;
  classifierId: string | null = null;

  constructor(
    private readonly wire: SdkWire,
    readonly name: string,
    readonly modelName = 'stories260K',
  ) {}

  async initialize(classes: Record<string, string>, examples: Record<string, string[]>): Promise<SdkAnswer<{ job_id: string; name: string }>> {
    const res = await this.wire.post<{ job_id: string; name: string }>('/v2/classifier/initialize', { classes, examples, name: this.name, model_name: this.modelName });
    if (res.raises === null) this.trainJobId = res.body.job_id;
    return res;
  }

  async train(): Promise<SdkAnswer<{ job_id: string }>> {
    const res = await this.wire.post<{ job_id: string }>('/v2/classifier/train', { name: this.name });
    if (res.raises === null) this.trainJobId = res.body.job_id;
    return res;
  }

  async trainStatus(): Promise<SdkAnswer<ClassifierJobView>> {
    const res = await this.wire.get<ClassifierJobView>(`/v2/classifier/${this.trainJobId}/status`);
    // The SDK indexes the key: a status without it would raise KeyError.
    if (res.raises === null) {
      if (!('model_id' in res.body)) throw new Error(`KeyError: 'model_id' in ${JSON.stringify(res.body)}`);
      this.classifierId = res.body.model_id;
    }
    return res;
  }

  add(datasetName: string, data: Record<string, string[]>): Promise<SdkAnswer> {
    return this.wire.post('/v2/classifier/add', { data, dataset_name: datasetName, project_name: this.name });
  }

  classify(prompt: string | string[]): Promise<SdkAnswer<ClassificationResult>> {
    if (this.classifierId === null) throw new Error('LaminiClassifier.classifier_id must be set in order to classify.');
    return this.wire.post<ClassificationResult>(`/v2/classifier/${this.classifierId}/classify`, { prompt });
  }

  /** The bytes the SDK writes to `<dataset>.jsonl`. */
  downloadDataset(datasetName: string) {
    return this.wire.download(`/v2/classifier/${this.name}/${datasetName}/download`);
  }

  deleteDataset(datasetName: string): Promise<SdkAnswer> {
    return this.wire.delete(`/v2/classifier/${this.name}/${datasetName}`);
  }

  /** Polls train_status until the job ends, as a user of the SDK does. */
  async waitForTraining(timeoutMs = 180_000): Promise<ClassifierJobView> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const res = await this.trainStatus();
      if (res.raises !== null) throw new Error(`${res.status}: ${JSON.stringify(res.body)}`);
      if (['COMPLETED', 'FAILED', 'CANCELLED'].includes(res.body.status)) return res.body;
      if (Date.now() > deadline) throw new Error(`classifier job ${this.trainJobId} still ${res.body.status}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
