/** The long-dependency lab: tasks with trivial baselines, models side by side, their gradient flow. */
export { addingTask, ADDING_BASELINE } from './adding.js';
export { copyTask, copyBaseline, COPY_SYMBOLS, COPY_CATEGORIES } from './copy.js';
export { reberTask, reberString, isReberString, REBER_SYMBOLS } from './reber.js';
export { labTask, LAB_TASKS, DEFAULT_LENGTHS } from './tasks.js';
export type { LabTask, LabTaskName, LabBatch } from './task.js';
export { LabNet, labModel, LAB_CELLS, LAB_CELL_LABELS, checkLabCells, type LabCell, type LabModelSpec } from './models.js';
export { runLab, labGradientNorms } from './runner.js';
export { LAB_DEFAULTS, type LabOptions, type LabCallbacks } from './options.js';
export type { LabResult, LabModelResult, LabEvalEvent, LabCurve } from './result.js';
export { stepGradientNorms, type StepGradientNorms } from './gradient-flow.js';
export { renderLabReport } from './report.js';
