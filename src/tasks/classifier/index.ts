/** Text classification (many-to-one): TextClassifier, its baseline, metrics and stratified folds. */
export { TextClassifier, type Prediction as ClassifierPrediction, type ClassifierEvaluation } from './classifier.js';
export { crossValidate, type CrossValidation, type FoldSummary } from './cross-validate.js';
export { CLASSIFIER_DEFAULTS, TOKEN_LEVELS as CLASSIFIER_TOKEN_LEVELS, POOLINGS as CLASSIFIER_POOLINGS, CLASSIFIER_CELLS, CLASSIFIER_MONITORS } from './options.js';
export type { TextClassifierOptions, TokenLevel as ClassifierTokenLevel, Pooling as ClassifierPooling, ClassifierCell, ClassifierMonitor } from './options.js';
export { resolveClassifierOptions, type ResolvedClassifierOptions } from './resolve.js';
export { ClassifierNet, classifierNetSpec, classifierNetShapes, type ClassifierNetOptions } from './network.js';
export { maskedMax, maskedMean, attentionPool, type AttentionScorer } from './pooling.js';
export { stratifiedFolds, stratifiedSplit } from './folds.js';
export { classificationMetrics, type ClassificationMetrics, type ClassScores } from './metrics.js';
export { TfidfLogistic, fitLogistic, ngrams, C_GRID as TFIDF_C_GRID, type TfidfLogisticJSON, type SparseRows } from './tfidf-logistic.js';
export { lbfgs, type LbfgsOptions, type LbfgsResult, type Objective as LbfgsObjective } from './lbfgs.js';
export { saveClassifier, loadClassifier, CLASSIFIER_FORMAT, CLASSIFIER_VERSION } from './bundle.js';
export { trainWordVectors, type WordVectorTraining } from './vectors.js';
export { renderClassifierReport, worstExamples, type ClassifierReportInput, type ReportExample as ClassifierReportExample, type ReportHistory as ClassifierReportHistory } from './report.js';
