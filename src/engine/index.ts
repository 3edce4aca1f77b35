/**
 * @module engine — wires the pure core to files and threads: reads inputs, runs the batch
 * pipeline on worker threads, writes outputs. The only layer that does cross-area work.
 */
export * from './batch/resolve-batch.js'
export * from './io/read-records.js'
export * from './io/column-mapping.js'
export * from './io/write-output.js'
export * from './io/read-clustering-file.js'
export * from './batch/pairs-file.js'
export * from './io/read-labelled-pairs.js'
