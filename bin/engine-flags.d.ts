/** Types of ./engine-flags.js (plain JavaScript, read by the command before the engine loads). */
export declare const ENGINE_V8_FLAGS: string[];
export declare function runWithEngineFlags(): void;
