// The throwaway PostgreSQL server lives in src/bench (the benchmark starts one too).
export * from '../../src/bench/postgres-server.js'
