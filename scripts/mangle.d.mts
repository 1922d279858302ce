import type { Plugin } from 'rollup';
export declare const MANGLE_PROPS: RegExp;
export declare function mangleInternals(): Plugin;
