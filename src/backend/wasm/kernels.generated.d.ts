// Types of the module scripts/build-wasm.mjs generates (kernels.generated.ts, not committed), so
// the project type-checks before the first build.
export declare const KERNELS_WASM_BASE64: string;
export declare const KERNELS_MAX_PAGES: number;
export declare const KERNELS_UNSHARED_WASM_BASE64: string;
export declare const KERNELS_RELAXED_WASM_BASE64: string;
export declare const KERNELS_RELAXED_UNSHARED_WASM_BASE64: string;
