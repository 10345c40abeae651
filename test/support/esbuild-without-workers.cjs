// Loaded by mocha before tsx. tsx compiles each test file with esbuild's transformSync, which by default
// blocks the main thread on a worker thread (Atomics.wait); a CI run once hung there for good. Without the
// worker, esbuild answers each call from a short-lived child process: a little slower, never stuck.
process.env.ESBUILD_WORKER_THREADS = '0';
