// Types of the module scripts/build-word2vec-wasm.mjs generates (kernel-wasm.generated.ts, not
// committed), so the project type-checks before the first build.
export declare const KERNEL_WASM_BASE64: string;
