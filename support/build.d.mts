// Types of support/build.mjs, for the TypeScript that imports it (test/editor).
export declare const ROOT: string;
export declare const STEP_GLOB: string;
export declare function stepFiles(): string[];
export declare function compiled(entry: 'steps' | 'lab'): Promise<string>;
