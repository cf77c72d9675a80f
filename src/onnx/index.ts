/**
 * ONNX export: models of this library as ONNX graphs that ONNX Runtime runs with the same outputs.
 *
 * @module recurrent/onnx
 */
export { exportOnnx, type OnnxExportable } from './export.js';
export { DEFAULT_OPSET, MIN_OPSET, MAX_OPSET, type OnnxExportOptions } from './options.js';
export { checkOnnx, onnxProblems } from './check.js';
