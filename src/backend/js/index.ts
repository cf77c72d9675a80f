import type { Backend } from '../backend.js';
import { binary, binaryScalar, broadcastTo, clamp, clampGrad, fill, firstNonFinite, pickGrad, unary, unaryGrad } from './elementwise.js';
import { reduceAxis, reduceAxisGrad, sumSquares, sumTo } from './reduce.js';
import { blockCopy, permute } from './layout.js';
import { gemm } from './gemm.js';
import { softmax, softmaxGrad } from './softmax.js';
import { gatherRows, scatterAddRows } from './embedding.js';
import { recurrentBackward, recurrentForward } from './recurrent.js';
import { softmaxCrossEntropy } from './cross-entropy.js';
import { ctcLoss } from './ctc.js';
import { adagradUpdate, adamUpdate, adamUpdateMany, rmspropUpdate, sgdUpdate, sgdUpdateMany } from './optim.js';

/** The plain-TypeScript reference backend: readable, exact, and the oracle for faster ones. */
export const jsBackend: Backend = {
  name: 'js',
  binary, binaryScalar, unary, unaryGrad, clamp, clampGrad, pickGrad, fill, firstNonFinite,
  broadcastTo, sumTo, reduceAxis, reduceAxisGrad, sumSquares, permute, blockCopy,
  gemm,
  softmax, softmaxGrad, softmaxCrossEntropy,
  ctcLoss,
  gatherRows, scatterAddRows,
  recurrentForward, recurrentBackward,
  sgdUpdate, adamUpdate, sgdUpdateMany, adamUpdateMany, rmspropUpdate, adagradUpdate,
};
