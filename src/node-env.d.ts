// The one Node global the browser code reads: `process.env.NODE_ENV`, which bundlers replace (development
// texts and checks are kept or dropped by it; docs/production.md). Always behind `typeof process`, so
// nothing breaks where it is undefined. Compatible with @types/node, which the tests load.
declare var process: NodeJS.Process;
declare namespace NodeJS {
  interface Process {
    env: ProcessEnv;
  }
  interface ProcessEnv {
    NODE_ENV?: string;
  }
}
