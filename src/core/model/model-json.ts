import { IdentityError, InputError, type Issue } from '../errors.js'
import { fail, ok, type Result } from '../result.js'
import { COMPARISON_TYPES, type ComparisonDefinition } from './comparison.js'
import { comparisonFromDefinition } from './comparison-library.js'
import { FEATURE_NAMES } from './feature-table.js'
import { DEFAULT_MODEL_SETTINGS, MODEL_VERSION, type Model, type TrainedComparison } from './model.js'

/** Serialises a model as versioned, human-readable JSON. */
export function saveModel(model: Model): string {
  return `${JSON.stringify(model, null, 2)}\n`
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const isProbability = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= 1

/**
 * Parses and validates model JSON: the version, every comparison (rebuilt from its declaration,
 * so an unknown type or feature is caught here), and every probability. Reports all issues.
 */
export function loadModel(text: string): Result<Model> {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    return fail([{ path: [], code: 'invalid_json', message: 'the model file is not valid JSON' }])
  }
  const issues: Issue[] = []
  if (!isObject(data)) return fail([{ path: [], code: 'invalid_type', message: 'expected a JSON object' }])
  if (data.version !== MODEL_VERSION) {
    issues.push({
      path: ['version'],
      code: 'unsupported_version',
      message: `expected model version ${MODEL_VERSION}, received ${JSON.stringify(data.version)}; retrain with this release`,
    })
  }
  if (!isProbability(data.probabilityTwoRandomRecordsMatch)) {
    issues.push({
      path: ['probabilityTwoRandomRecordsMatch'],
      code: 'invalid_probability',
      message: 'expected a number in (0, 1]',
    })
  }
  const comparisons: TrainedComparison[] = []
  if (!Array.isArray(data.comparisons) || data.comparisons.length === 0) {
    issues.push({ path: ['comparisons'], code: 'invalid_type', message: 'expected a non-empty array' })
  } else {
    data.comparisons.forEach((raw: unknown, c: number) => {
      const path = ['comparisons', c]
      if (!isObject(raw) || !isObject(raw.definition) || !Array.isArray(raw.levels)) {
        issues.push({ path, code: 'invalid_type', message: 'expected { definition, levels }' })
        return
      }
      const definition = raw.definition as unknown as ComparisonDefinition
      if (!(COMPARISON_TYPES as readonly string[]).includes(String(definition.type))) {
        issues.push({
          path: [...path, 'definition', 'type'],
          code: 'unknown_comparison',
          message: `expected one of ${COMPARISON_TYPES.join(', ')}`,
        })
        return
      }
      if (definition.feature !== undefined && !(FEATURE_NAMES as readonly string[]).includes(definition.feature)) {
        issues.push({ path: [...path, 'definition', 'feature'], code: 'unknown_feature', message: `expected one of ${FEATURE_NAMES.join(', ')}` })
        return
      }
      let declaredLevels: number
      try {
        declaredLevels = comparisonFromDefinition(definition).levels.length
      } catch (error) {
        issues.push({ path: [...path, 'definition'], code: 'invalid_definition', message: error instanceof IdentityError ? error.message : 'cannot build the comparison' })
        return
      }
      if (raw.levels.length !== declaredLevels) {
        issues.push({ path: [...path, 'levels'], code: 'level_count', message: `expected ${declaredLevels} levels for a ${definition.type} comparison, received ${raw.levels.length}` })
        return
      }
      raw.levels.forEach((level: unknown, l: number) => {
        if (!isObject(level) || !isProbability(level.mProbability) || !isProbability(level.uProbability)) {
          issues.push({ path: [...path, 'levels', l], code: 'invalid_probability', message: 'expected mProbability and uProbability in (0, 1]' })
        }
      })
      comparisons.push(raw as unknown as TrainedComparison)
    })
  }
  const settings = isObject(data.settings)
    ? { ...DEFAULT_MODEL_SETTINGS, ...(data.settings as object), guards: { ...DEFAULT_MODEL_SETTINGS.guards, ...(isObject(data.settings.guards) ? data.settings.guards : {}) } }
    : DEFAULT_MODEL_SETTINGS
  if (issues.length > 0) return fail(issues)
  return ok({ ...(data as unknown as Model), comparisons, settings })
}

/** loadModel that throws an InputError listing every issue. */
export function parseModelOrThrow(text: string, where: string): Model {
  const result = loadModel(text)
  if (result.ok) return result.value
  throw new InputError({
    code: 'ERR_MODEL_INVALID',
    message: `${where}: not a valid Tessera model (${result.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')})`,
    issues: result.issues,
  })
}
