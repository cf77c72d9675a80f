// Types for fft.js 4 (CommonJS, no types of its own): the radix-4 FFT used for the spectrogram.
declare module 'fft.js' {
  /** A complex FFT of a power-of-two size ≥ 2; complex arrays interleave re, im. */
  export default class FFT {
    constructor(size: number);
    readonly size: number;
    createComplexArray(): number[];
    toComplexArray(input: ArrayLike<number>, storage?: number[]): number[];
    fromComplexArray(complex: ArrayLike<number>, storage?: number[]): number[];
    completeSpectrum(spectrum: number[] | Float64Array): void;
    /** Fills the first half (bins 0 … size/2, interleaved) of `output` with the FFT of the real `input`. */
    realTransform(output: number[] | Float64Array, input: ArrayLike<number>): void;
    transform(output: number[] | Float64Array, input: ArrayLike<number>): void;
    inverseTransform(output: number[] | Float64Array, input: ArrayLike<number>): void;
  }
}
