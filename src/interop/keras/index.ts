/**
 * Keras / TF.js interop: recurrent weights in Keras' layout (toKerasWeights, fromKerasWeights)
 * and whole TF.js layers models (model.json + weights.bin) for our recurrent layers,
 * ManyToOne and ManyToMany.
 */
export { toKerasWeights, fromKerasWeights, type KerasRecurrent, type KerasWeight, type KerasWeightInput } from './weights.js';
export { toTfjsArtifacts, fromTfjsArtifacts, type TfjsArtifacts, type TfjsArtifactsInput, type TfjsWeightSpec, type TfjsConvertible } from './artifact.js';
export { saveTfjsModel, loadTfjsModel } from './files.js';
