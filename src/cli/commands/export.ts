/**
 * `recurrent export --model PATH --onnx FILE`: a trained model as an ONNX file for ONNX Runtime
 * (or any ONNX engine). PATH is a folder written by a `train` command (forecast, classify, lm,
 * translate),
 * or a model file written by `save()` (a folder holding only model.safetensors works too); which
 * one is told by the files it holds. The file is written atomically.
 */
import { Command } from 'commander';
import { stat } from 'node:fs/promises';
import nodePath from 'node:path';
import { exportOnnx, type OnnxExportable } from '../../onnx/export.js';
import { DEFAULT_OPSET, type OnnxExportOptions } from '../../onnx/options.js';
import { Forecaster } from '../../tasks/forecaster/forecaster.js';
import { TextClassifier } from '../../tasks/classifier/classifier.js';
import { LanguageModel } from '../../tasks/language-model/language-model.js';
import { Translator } from '../../tasks/seq2seq/translator.js';
import { forecastNetSpec } from '../../tasks/forecaster/network.js';
import { classifierNetSpec } from '../../tasks/classifier/network.js';
import { languageNetSpec } from '../../tasks/language-model/network.js';
import { seq2seqSpec } from '../../tasks/seq2seq/model.js';
import { load } from '../../models/builders.js';
import { atomicWriteFile } from '../../io/atomic-write.js';
import { ValueError } from '../../errors.js';
import { int } from '../flags.js';
import { stdio } from '../fit-callbacks.js';

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** The bundles `export` reads, by the file that marks each. */
const BUNDLES: { file: string; kind: string; load: (dir: string) => Promise<OnnxExportable> }[] = [
  { file: 'forecaster.json', kind: 'forecaster', load: (dir) => Forecaster.load(dir) },
  { file: 'classifier.json', kind: 'text classifier', load: (dir) => TextClassifier.load(dir) },
  { file: 'language-model.json', kind: 'language model', load: (dir) => LanguageModel.load(dir) },
  { file: 'translator.json', kind: 'translator', load: (dir) => Translator.load(dir) },
];

/** Model files may hold any module of the library, the task networks included. */
const TASK_BUILDERS = { ForecastNet: forecastNetSpec, ClassifierNet: classifierNetSpec, LanguageNet: languageNetSpec, Seq2Seq: seq2seqSpec };

/** Loads what PATH holds, and says what it was. */
export async function loadExportable(path: string): Promise<{ model: OnnxExportable; kind: string }> {
  if (await isFile(path)) {
    const model = await load(path, TASK_BUILDERS);
    return { model, kind: model.constructor.name };
  }
  for (const b of BUNDLES) {
    if (await isFile(nodePath.join(path, b.file))) return { model: await b.load(path), kind: b.kind };
  }
  const model = nodePath.join(path, 'model.safetensors');
  if (await isFile(model)) {
    const m = await load(model, TASK_BUILDERS);
    return { model: m, kind: m.constructor.name };
  }
  throw new ValueError(
    `${path}: expected a model file written by save(), or a folder written by forecast train, classify train, lm train or translate train (holding ${BUNDLES.map((b) => b.file).join(', ')} or model.safetensors); found none`,
  );
}

export function exportCommand(): Command {
  return new Command('export')
    .description('export a trained model to ONNX, for ONNX Runtime and other ONNX engines')
    .requiredOption('--model <path>', 'folder written by a train command (forecast, classify, lm, translate), or a model file written by save()')
    .requiredOption('--onnx <file>', 'ONNX file to write')
    .option('--opset <n>', `ONNX opset, 14 … 22 (default ${DEFAULT_OPSET})`, int)
    .option('--step', 'export one streaming step (state in and out) instead of the whole sequence', false)
    .option('--with-lengths', 'add the int32 input lengths [B] (valid steps per sequence)', false)
    .option('--with-initial-state', 'add the initial states h0 (c0) as inputs (recurrent layers)', false)
    .option('--batch-size <n>', 'fix the batch dimension (default: symbolic)', int)
    .option('--seq-len <n>', 'fix the time dimension (default: symbolic)', int)
    .action(async (o) => {
      const { model, kind } = await loadExportable(o.model);
      const options: OnnxExportOptions = {
        opset: o.opset, batchSize: o.batchSize, seqLen: o.seqLen,
        ...(o.step ? { step: true } : {}), ...(o.withLengths ? { withLengths: true } : {}), ...(o.withInitialState ? { withInitialState: true } : {}),
      };
      for (const k of Object.keys(options) as (keyof OnnxExportOptions)[]) if (options[k] === undefined) delete options[k];
      const bytes = exportOnnx(model, options);
      await atomicWriteFile(o.onnx, bytes);
      stdio.out(`wrote ${o.onnx}: ${kind}${o.step ? ' (one streaming step)' : ''}, opset ${o.opset ?? DEFAULT_OPSET}, ${(bytes.length / 1024).toFixed(1)} KiB\n`);
    });
}
