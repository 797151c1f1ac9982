export * from './classifier.module';
export * from './classifier.config';
export { ClassifierHead } from './head';
