import { CONTRACT_FIELDS } from '../../core/index.js'
import { assertWritablePath, writeCsvAtomically } from '../../engine/index.js'
import { generateRecords, type ProfileName } from '../../synthetic/index.js'
import { reportError } from '../output.js'

export interface GenerateFlags {
  persons: number
  seed: number
  profile: ProfileName
  out: string
  truth: string
}

/** `tessera generate`: synthetic omnichannel records and their truth, streamed to two CSVs. */
export async function runGenerate(flags: GenerateFlags): Promise<number> {
  try {
    // Both checked first, so that a bad --truth path cannot leave --out written alone.
    await assertWritablePath(flags.out)
    await assertWritablePath(flags.truth)
    const truth: string[][] = []
    let count = 0
    function* rows(): Generator<string[]> {
      for (const { record, person_id } of generateRecords({ persons: flags.persons, seed: flags.seed, profile: flags.profile })) {
        truth.push([record.record_id, person_id])
        count += 1
        yield CONTRACT_FIELDS.map((field) => record[field] ?? '')
      }
    }
    await writeCsvAtomically(flags.out, CONTRACT_FIELDS, rows())
    await writeCsvAtomically(flags.truth, ['record_id', 'person_id'], truth)
    process.stderr.write(`generated ${count.toLocaleString('en-US')} records of ${flags.persons.toLocaleString('en-US')} persons (${flags.profile}, seed ${flags.seed}) → ${flags.out}, truth → ${flags.truth}\n`)
    return 0
  } catch (error) {
    return reportError(error)
  }
}
