/** Data sets: a registry of known public files, verified atomic downloads, and a cache. */
export { KNOWN_DATASETS, isKnownDataset } from './registry.js';
export type { DatasetEntry, KnownDatasetName } from './registry.js';
export { loadDataset, defaultCacheDir } from './load-dataset.js';
export type { LoadDatasetOptions, LoadedDataset } from './load-dataset.js';
export { downloadFile, DEFAULT_IDLE_TIMEOUT_MS } from './download.js';
export type { DownloadOptions, DownloadResult, FetchFunction } from './download.js';
export { sha256File } from './sha256.js';
