export { ManyToOne, type ManyToOneOptions } from './many-to-one.js';
export { ManyToMany, type ManyToManyOptions } from './many-to-many.js';
export { EncoderDecoder, type EncoderDecoderOptions } from './encoder-decoder.js';
export { CELL_TYPES, makeRecurrent, lastLayerState, type CellType, type AnyRecurrent, type SequenceModelOptions } from './recurrent-factory.js';
export { save, load, defaultBuilders } from './builders.js';
