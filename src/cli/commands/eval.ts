import { evaluateClustering } from '../../core/index.js'
import { readPredictionFile, readTruthFile } from '../../engine/index.js'
import { reportError } from '../output.js'

export interface EvalFlags {
  truth: string
  pred: string
  json?: boolean
}

const percent = (value: number) => value.toFixed(4)

/** `tessera eval`: pairwise and B-cubed precision / recall / F1, over-merged and split counts. */
export async function runEval(flags: EvalFlags): Promise<number> {
  try {
    const [truth, predicted] = await Promise.all([readTruthFile(flags.truth), readPredictionFile(flags.pred)])
    const result = evaluateClustering(truth, predicted)
    if (flags.json === true) {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
      return 0
    }
    const rows: [string, string][] = [
      ['records evaluated', result.recordsEvaluated.toLocaleString('en-US')],
      ['pairwise precision', percent(result.pairwisePrecision)],
      ['pairwise recall', percent(result.pairwiseRecall)],
      ['pairwise F1', percent(result.pairwiseF1)],
      ['B-cubed precision', percent(result.bCubedPrecision)],
      ['B-cubed recall', percent(result.bCubedRecall)],
      ['B-cubed F1', percent(result.bCubedF1)],
      ['true pairs / predicted pairs', `${result.truePairs.toLocaleString('en-US')} / ${result.predictedPairs.toLocaleString('en-US')}`],
      ['persons / customers', `${result.trueEntities.toLocaleString('en-US')} / ${result.predictedClusters.toLocaleString('en-US')}`],
      ['over-merged customers', result.overMergedClusters.toLocaleString('en-US')],
      ['split persons', result.splitEntities.toLocaleString('en-US')],
      ['largest customer / person', `${result.largestPredictedCluster} / ${result.largestTrueCluster}`],
    ]
    if (result.missingFromPredicted + result.missingFromTruth > 0) {
      rows.push(['records only in truth / only in prediction', `${result.missingFromPredicted} / ${result.missingFromTruth}`])
    }
    const width = Math.max(...rows.map(([label]) => label.length))
    process.stdout.write(rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n') + '\n')
    return 0
  } catch (error) {
    return reportError(error)
  }
}
