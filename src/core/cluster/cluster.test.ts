import { describe, expect, it } from 'vitest'
import {
  CONTACT_CARD_AGREE,
  CONTACT_CARD_BOTH,
  CONTACT_EMAIL_AGREE,
  CONTACT_EMAIL_BOTH,
  CONTACT_IDENTITY_AGREE,
  CONTACT_IDENTITY_CLOSE,
  CONTACT_PHONE_AGREE,
  CONTACT_PHONE_BOTH,
  CONTACT_POSTCODE_AGREE,
  CONTACT_POSTCODE_BOTH,
  CONTACT_STREET_AGREE,
  CONTACT_STREET_BOTH,
  clusterRecords,
  connectedComponents,
  contactSetSplit,
  contactSetsDiffer,
  type PairEvidence,
} from './cluster.js'

/** Evidence from a symmetric table; unlisted pairs get `otherwise`. */
function evidenceTable(entries: [number, number, number][], otherwise: number, cannot: [number, number][] = [], hardness: 1 | 2 = 2): PairEvidence {
  const key = (i: number, j: number) => (i < j ? `${i}:${j}` : `${j}:${i}`)
  const weights = new Map(entries.map(([i, j, w]) => [key(i, j), w]))
  const blocked = new Set(cannot.map(([i, j]) => key(i, j)))
  return {
    evidence: (i, j) => weights.get(key(i, j)) ?? otherwise,
    cannotLink: (i, j) => (blocked.has(key(i, j)) ? hardness : 0),
  }
}

function links(edges: [number, number, number][]) {
  return {
    left: Int32Array.from(edges.map((e) => e[0])),
    right: Int32Array.from(edges.map((e) => e[1])),
    weight: Float64Array.from(edges.map((e) => e[2])),
    count: edges.length,
  }
}

const options = { minMeanEvidence: 5, maxClusterSize: 100, maxConflictShare: 0, maxHardConflictShare: 0 }

describe('clusterRecords', () => {
  describe('contact sets', () => {
    // Records 0 and 1: a father (phone P1, email E1 on record 0; record 1 holds only his name
    // and address). Records 2 and 3: his son named after him (phone P2, email E2). Record 1
    // links to the son's record 2 by name and address alone.
    const phone = ['P1', undefined, 'P2', 'P2']
    const email = ['E1', undefined, 'E2', 'E2']
    const relation = (i: number, j: number) => {
      let bits = 0
      if (phone[i] !== undefined && phone[j] !== undefined) bits |= CONTACT_PHONE_BOTH | (phone[i] === phone[j] ? CONTACT_PHONE_AGREE : 0)
      if (email[i] !== undefined && email[j] !== undefined) bits |= CONTACT_EMAIL_BOTH | (email[i] === email[j] ? CONTACT_EMAIL_AGREE : 0)
      return bits
    }
    const edges: [number, number, number][] = [[0, 1, 20], [2, 3, 25], [1, 2, 12]]
    const evidence = evidenceTable([...edges, [0, 2, 8], [0, 3, 8], [1, 3, 12]], 8)

    it('should keep apart two clusters whose phones and emails never agree', () => {
      const result = clusterRecords(4, links(edges), { ...evidence, contacts: relation }, options)
      expect(result.clusterCount).toBe(2)
      expect(result.clusterOf[0]).toBe(result.clusterOf[1])
      expect(result.clusterOf[2]).toBe(result.clusterOf[3])
      expect(result.stats.mergesRejectedByContacts).toBe(1)
      // Without the contacts, the name-and-address link chains the two together.
      expect(clusterRecords(4, links(edges), evidence, options).clusterCount).toBe(1)
    })

    it('should merge when one phone or one email agrees somewhere across the clusters', () => {
      email[3] = 'E1'
      try {
        const result = clusterRecords(4, links(edges), { ...evidence, contacts: relation }, options)
        expect(result.clusterCount).toBe(1)
        expect(result.stats.mergesRejectedByContacts).toBe(0)
      } finally {
        email[3] = 'E2'
      }
    })

    it('should read the bits: both fields compared and never agreeing, and no identity proof', () => {
      expect(contactSetsDiffer(CONTACT_PHONE_BOTH | CONTACT_EMAIL_BOTH)).toBe(true)
      expect(contactSetsDiffer(CONTACT_PHONE_BOTH)).toBe(false)
      expect(contactSetsDiffer(CONTACT_EMAIL_BOTH)).toBe(false)
      expect(contactSetsDiffer(CONTACT_PHONE_BOTH | CONTACT_EMAIL_BOTH | CONTACT_PHONE_AGREE)).toBe(false)
      expect(contactSetsDiffer(CONTACT_PHONE_BOTH | CONTACT_EMAIL_BOTH | CONTACT_EMAIL_AGREE)).toBe(false)
      expect(contactSetsDiffer(CONTACT_PHONE_BOTH | CONTACT_EMAIL_BOTH | CONTACT_IDENTITY_AGREE)).toBe(false)
      // Any two of phone, email and card; an agreeing card is as good as an agreeing phone.
      expect(contactSetsDiffer(CONTACT_PHONE_BOTH | CONTACT_CARD_BOTH)).toBe(true)
      expect(contactSetsDiffer(CONTACT_EMAIL_BOTH | CONTACT_CARD_BOTH)).toBe(true)
      expect(contactSetsDiffer(CONTACT_PHONE_BOTH | CONTACT_EMAIL_BOTH | CONTACT_CARD_BOTH | CONTACT_CARD_AGREE)).toBe(false)
      // Postcodes that never agree count as a second sign; a shared one (a household) neither
      // counts nor clears the others.
      expect(contactSetsDiffer(CONTACT_EMAIL_BOTH | CONTACT_POSTCODE_BOTH)).toBe(true)
      expect(contactSetsDiffer(CONTACT_EMAIL_BOTH | CONTACT_POSTCODE_BOTH | CONTACT_POSTCODE_AGREE)).toBe(false)
      expect(contactSetsDiffer(CONTACT_PHONE_BOTH | CONTACT_EMAIL_BOTH | CONTACT_POSTCODE_BOTH | CONTACT_POSTCODE_AGREE)).toBe(true)
      // Streets that never agree are the same sign, even in a shared postcode (two homes in one
      // town); street and postcode both differing still count once: one home, one move.
      expect(contactSetsDiffer(CONTACT_EMAIL_BOTH | CONTACT_STREET_BOTH)).toBe(true)
      expect(contactSetsDiffer(CONTACT_EMAIL_BOTH | CONTACT_STREET_BOTH | CONTACT_POSTCODE_BOTH | CONTACT_POSTCODE_AGREE)).toBe(true)
      expect(contactSetsDiffer(CONTACT_EMAIL_BOTH | CONTACT_STREET_BOTH | CONTACT_STREET_AGREE)).toBe(false)
      expect(contactSetsDiffer(CONTACT_STREET_BOTH | CONTACT_POSTCODE_BOTH)).toBe(false)
    })
  })

  describe('two contact sets in one grown cluster', () => {
    // Records 0–2: a father (phone P1 and email E1). Records 3 and 4: his son named after him,
    // each with one contact of his own (email E2 on record 3, phone P2 on record 4), each linked
    // to the father by name and address alone. Each merge sees one differing contact only, so
    // growth lets them in one at a time; the cluster as a whole holds two people's contacts.
    const phone = ['P1', 'P1', undefined, undefined, 'P2']
    const email = ['E1', undefined, 'E1', 'E2', undefined]
    const close = new Set<string>()
    const relation = (i: number, j: number) => {
      let bits = 0
      if (phone[i] !== undefined && phone[j] !== undefined) bits |= CONTACT_PHONE_BOTH | (phone[i] === phone[j] ? CONTACT_PHONE_AGREE : 0)
      if (email[i] !== undefined && email[j] !== undefined) bits |= CONTACT_EMAIL_BOTH | (email[i] === email[j] ? CONTACT_EMAIL_AGREE : 0)
      if (close.has(`${Math.min(i, j)}:${Math.max(i, j)}`)) bits |= CONTACT_IDENTITY_CLOSE
      return bits
    }
    const edges: [number, number, number][] = [[0, 1, 25], [0, 2, 25], [1, 2, 20], [2, 3, 14], [1, 4, 13]]
    const evidence = evidenceTable(edges, 10)

    it('should split off the records outside the largest contact core when their contacts are another person\'s', () => {
      const result = clusterRecords(5, links(edges), { ...evidence, contacts: relation }, options)
      expect(result.stats.mergesRejectedByContacts).toBe(0)
      expect(result.stats.contactSetSplits).toBe(1)
      expect(result.clusterCount).toBe(2)
      expect(new Set([0, 1, 2].map((i) => result.clusterOf[i])).size).toBe(1)
      expect(result.clusterOf[3]).toBe(result.clusterOf[4])
      expect(result.clusterOf[3]).not.toBe(result.clusterOf[0])
      // Numbered densely in order of first record.
      expect([...result.clusterOf]).toEqual([0, 0, 0, 1, 1])
    })

    it('should keep the cluster whole when the rest differs in one contact only', () => {
      phone[4] = undefined
      try {
        const result = clusterRecords(5, links(edges), { ...evidence, contacts: relation }, options)
        expect(result.stats.contactSetSplits).toBe(0)
        expect(result.clusterCount).toBe(1)
      } finally {
        phone[4] = 'P2'
      }
    })

    it('should keep the cluster whole when a birth date or tax id across agrees in part', () => {
      close.add('0:4')
      try {
        const result = clusterRecords(5, links(edges), { ...evidence, contacts: relation }, options)
        expect(result.stats.contactSetSplits).toBe(0)
        expect(result.clusterCount).toBe(1)
      } finally {
        close.clear()
      }
    })

    it('should keep the cluster whole when a person decided that records across are one', () => {
      const result = clusterRecords(5, links(edges), { ...evidence, contacts: relation }, options, { mustLink: [[4, 2]], cannotLink: [] })
      expect(result.stats.contactSetSplits).toBe(0)
      expect(result.clusterCount).toBe(1)
    })

    it('should keep the core of the earliest record on a tie, and leave groups of two whole', () => {
      // Positions 0 and 1 share phone P1, 2 and 3 share phone P2; emails E1 and E2 differ too.
      const phones = ['P1', 'P1', 'P2', 'P2']
      const emails = ['E1', undefined, 'E2', undefined]
      const bits = (x: number, y: number) =>
        CONTACT_PHONE_BOTH |
        (phones[x] === phones[y] ? CONTACT_PHONE_AGREE : 0) |
        (emails[x] !== undefined && emails[y] !== undefined ? CONTACT_EMAIL_BOTH : 0)
      expect([...contactSetSplit(4, bits)!]).toEqual([0, 0, 1, 1])
      expect([...contactSetSplit(4, (x, y) => bits(3 - x, 3 - y))!]).toEqual([0, 0, 1, 1])
      expect(contactSetSplit(2, () => CONTACT_PHONE_BOTH | CONTACT_EMAIL_BOTH)).toBeUndefined()
    })

    it('should not split without the records\' contacts', () => {
      const result = clusterRecords(5, links(edges), evidence, options)
      expect(result.stats.contactSetSplits).toBe(0)
      expect(result.clusterCount).toBe(1)
    })
  })

  it('should join records linked directly when nothing speaks against it', () => {
    const edges: [number, number, number][] = [[0, 1, 20], [1, 2, 18], [0, 2, 19]]
    const result = clusterRecords(4, links(edges), evidenceTable(edges, -10), options)
    expect(result.clusterOf[0]).toBe(result.clusterOf[1])
    expect(result.clusterOf[1]).toBe(result.clusterOf[2])
    expect(result.clusterOf[3]).not.toBe(result.clusterOf[0])
    expect(result.clusterCount).toBe(2)
  })

  it('should not chain A–B–C when A and C are clearly different people', () => {
    const edges: [number, number, number][] = [[0, 1, 20], [1, 2, 19]]
    const pairEvidence = evidenceTable(edges, 0, [])
    const strongAgainst = evidenceTable([...edges, [0, 2, -30]], 0)
    const chained = connectedComponents(3, links(edges))
    expect(chained.clusterCount).toBe(1)
    const guarded = clusterRecords(3, links(edges), strongAgainst, options)
    expect(guarded.clusterCount).toBe(2)
    expect(guarded.stats.mergesRejectedByEvidence).toBe(1)
    // Without evidence against, the chain is a legitimate transitive link.
    expect(clusterRecords(3, links(edges), pairEvidence, options).clusterCount).toBe(1)
  })

  it('should never merge clusters that hold a cannot-link pair', () => {
    const edges: [number, number, number][] = [[0, 1, 30], [1, 2, 30]]
    const result = clusterRecords(3, links(edges), evidenceTable([...edges, [0, 2, 30]], 30, [[0, 2]]), options)
    expect(result.clusterOf[0]).not.toBe(result.clusterOf[2])
    expect(result.stats.mergesRejectedByCannotLink).toBe(1)
  })

  it('should tolerate a minority of conflicting cross pairs when a share is allowed', () => {
    // 0-1 and 2 are one person; record 1 is garbled and conflicts with 2, record 0 does not.
    const edges: [number, number, number][] = [[0, 1, 30], [0, 2, 29]]
    const pairEvidence = evidenceTable([...edges, [1, 2, 10]], 30, [[1, 2]], 1)
    expect(clusterRecords(3, links(edges), pairEvidence, options).clusterCount).toBe(2)
    expect(clusterRecords(3, links(edges), pairEvidence, { ...options, maxConflictShare: 0.6 }).clusterCount).toBe(1)
  })

  it('should never tolerate a hard conflict, whatever the share allowed', () => {
    const edges: [number, number, number][] = [[0, 1, 30], [0, 2, 29]]
    const pairEvidence = evidenceTable([...edges, [1, 2, 10]], 30, [[1, 2]], 2)
    expect(clusterRecords(3, links(edges), pairEvidence, { ...options, maxConflictShare: 0.9 }).clusterCount).toBe(2)
  })

  it('should tolerate a minority of hard conflicts only when a hard share is allowed', () => {
    // 0, 1, 2 are one person; 3 is a garbled record of theirs that conflicts with 2 only.
    const edges: [number, number, number][] = [[0, 1, 30], [1, 2, 30], [0, 3, 29]]
    const pairEvidence = evidenceTable(edges, 25, [[2, 3]], 2)
    expect(clusterRecords(4, links(edges), pairEvidence, options).clusterCount).toBe(2)
    expect(clusterRecords(4, links(edges), pairEvidence, { ...options, maxHardConflictShare: 0.5 }).clusterCount).toBe(1)
  })

  it('should keep clusters under the size cap', () => {
    const edges: [number, number, number][] = [[0, 1, 30], [2, 3, 30], [1, 2, 29]]
    const result = clusterRecords(4, links(edges), evidenceTable(edges, 30), { ...options, maxClusterSize: 3 })
    expect(result.clusterCount).toBe(2)
    expect(result.stats.mergesRejectedBySize).toBe(1)
  })

  it('should give the same clusters whatever the order of equal-weight links', () => {
    const edges: [number, number, number][] = [[0, 1, 10], [2, 3, 10], [1, 2, 10]]
    const reversed = [...edges].reverse()
    const a = clusterRecords(4, links(edges), evidenceTable(edges, -20), options)
    const b = clusterRecords(4, links(reversed), evidenceTable(edges, -20), options)
    expect(Array.from(a.clusterOf)).toEqual(Array.from(b.clusterOf))
  })
})

describe('clusterRecords with a conflict a third record explains away', () => {
  // 0 'María' and 1 'María del Pilar' are one cluster, 2 'Pilar' links to 1; 0 and 2 conflict
  // on their given names, which record 1 (holding both) explains away.
  const edges: [number, number, number][] = [[0, 1, 20], [1, 2, 19]]
  const evidence = evidenceTable([...edges, [0, 2, 8]], 0, [[0, 2]])

  it('should merge when a member of either cluster bridges the conflicting pair', () => {
    const bridged: PairEvidence = { ...evidence, conflictBridged: (i, j, members) => i + j === 2 && members.includes(1) }
    expect(clusterRecords(3, links(edges), bridged, options).clusterCount).toBe(1)
  })

  it('should keep the clusters apart when nobody bridges the conflict', () => {
    const unbridged: PairEvidence = { ...evidence, conflictBridged: () => false }
    expect(clusterRecords(3, links(edges), unbridged, options).clusterCount).toBe(2)
    expect(clusterRecords(3, links(edges), evidence, options).clusterCount).toBe(2)
  })
})

describe('connectedComponents', () => {
  it('should put every linked record in one component', () => {
    const result = connectedComponents(5, links([[0, 1, 1], [3, 4, 1], [1, 3, 1]]))
    expect(result.clusterCount).toBe(2)
    expect(new Set([0, 1, 3, 4].map((i) => result.clusterOf[i])).size).toBe(1)
  })
})

describe('clusterRecords with decisions people took', () => {
  it('should join a must-link pair that the model scores as different people, guards included', () => {
    // No link between 0 and 1, evidence strongly against, and a hard guard conflict.
    const pairEvidence = evidenceTable([[0, 1, -40]], -10, [[0, 1]])
    const result = clusterRecords(3, links([]), pairEvidence, options, { mustLink: [[0, 1]], cannotLink: [] })
    expect(result.clusterOf[0]).toBe(result.clusterOf[1])
    expect(result.clusterOf[2]).not.toBe(result.clusterOf[0])
    expect(result.stats.mustLinksApplied).toBe(1)
  })

  it('should keep a cannot-link pair apart however strong their link', () => {
    const edges: [number, number, number][] = [[0, 1, 40]]
    const without = clusterRecords(2, links(edges), evidenceTable(edges, 40), options)
    expect(without.clusterCount).toBe(1)
    const result = clusterRecords(2, links(edges), evidenceTable(edges, 40), options, { mustLink: [], cannotLink: [[1, 0]] })
    expect(result.clusterCount).toBe(2)
    expect(result.stats.mergesRejectedByCannotLink).toBe(1)
  })

  it('should keep a cannot-link pair apart when a third record bridges them, even with a tolerated conflict share', () => {
    const edges: [number, number, number][] = [[0, 1, 40], [1, 2, 40]]
    const tolerant = { ...options, maxConflictShare: 0.9, maxHardConflictShare: 0.9 }
    const result = clusterRecords(3, links(edges), evidenceTable(edges, 40), tolerant, { mustLink: [], cannotLink: [[0, 2]] })
    expect(result.clusterOf[0]).not.toBe(result.clusterOf[2])
    expect(result.clusterCount).toBe(2)
  })

  it('should refuse a must-link that would put a cannot-link pair in one customer', () => {
    const result = clusterRecords(3, links([]), evidenceTable([], 0), options, {
      mustLink: [[0, 1], [1, 2]],
      cannotLink: [[0, 2]],
    })
    expect(result.stats.mustLinksApplied).toBe(1)
    expect(result.stats.mustLinksRefused).toBe(1)
    expect(result.clusterOf[0]).toBe(result.clusterOf[1])
    expect(result.clusterOf[2]).not.toBe(result.clusterOf[0])
  })

  describe('records that fit two people', () => {
    // A father (records 0 and 1, phone P1; record 0 has his birth date) and the son named after
    // him (records 2 and 3, phone P2; record 2 has his birth date, which proves them two
    // people). Record 4 came from a till with only the name and the home address: it links to
    // every one of them as well.
    const phoneOf: (string | undefined)[] = ['P1', 'P1', 'P2', 'P2', undefined]
    const contacts = (phones: (string | undefined)[], identityAgree: [number, number][] = []) =>
      (i: number, j: number) => {
        let bits = 0
        if (phones[i] !== undefined && phones[j] !== undefined) bits |= CONTACT_PHONE_BOTH | (phones[i] === phones[j] ? CONTACT_PHONE_AGREE : 0)
        if (identityAgree.some(([a, b]) => (a === i && b === j) || (a === j && b === i))) bits |= CONTACT_IDENTITY_AGREE
        return bits
      }
    const edges: [number, number, number][] = [[0, 1, 25], [2, 3, 25], [4, 0, 12], [4, 1, 12], [4, 2, 12], [4, 3, 12]]
    const table = evidenceTable(edges, -2, [[0, 2]])
    const birthDatesDiffer = (i: number, j: number) => (i === 0 && j === 2) || (i === 2 && j === 0)
    const household: PairEvidence = { ...table, contacts: contacts(phoneOf), provesDifferentPeople: birthDatesDiffer }
    const withMargin = { ...options, ambiguityMargin: 3 }

    it('should leave on its own a record that links to two people equally well', () => {
      const result = clusterRecords(5, links(edges), household, withMargin)
      expect(result.clusterCount).toBe(3)
      expect(result.clusterOf[0]).toBe(result.clusterOf[1])
      expect(result.clusterOf[2]).toBe(result.clusterOf[3])
      expect(new Set([result.clusterOf[0], result.clusterOf[2], result.clusterOf[4]]).size).toBe(3)
      expect(result.stats.ambiguousRecords).toBe(1)
    })

    it('should give the record to whichever link comes first without the check', () => {
      const result = clusterRecords(5, links(edges), household, options)
      expect(result.clusterCount).toBe(2)
      expect(result.clusterOf[4]).toBe(result.clusterOf[0])
      expect(result.stats.ambiguousRecords).toBe(0)
    })

    it('should keep the record with the person it fits clearly better', () => {
      const closer: [number, number, number][] = [[0, 1, 25], [2, 3, 25], [4, 0, 20], [4, 1, 20], [4, 2, 12], [4, 3, 12]]
      const evidence: PairEvidence = { ...evidenceTable(closer, -2, [[0, 2]]), contacts: contacts(phoneOf), provesDifferentPeople: birthDatesDiffer }
      const result = clusterRecords(5, links(closer), evidence, withMargin)
      expect(result.clusterOf[4]).toBe(result.clusterOf[0])
      expect(result.stats.ambiguousRecords).toBe(0)
    })

    it('should not count a conflict that may be a typo (a name) as two people', () => {
      const result = clusterRecords(5, links(edges), { ...household, provesDifferentPeople: () => false }, withMargin)
      expect(result.clusterCount).toBe(2)
      expect(result.stats.ambiguousRecords).toBe(0)
    })

    it('should not count a birth date written two ways as two people where neither side holds a contact', () => {
      const register: PairEvidence = { ...household, contacts: contacts([undefined, undefined, undefined, undefined, undefined]) }
      const result = clusterRecords(5, links(edges), register, withMargin)
      expect(result.clusterCount).toBe(2)
      expect(result.stats.ambiguousRecords).toBe(0)
    })

    it('should count two clusters whose contacts are two people\'s as two people, birth dates or not', () => {
      const result = clusterRecords(5, links(edges), { ...household, provesDifferentPeople: () => false, contacts: (i, j) => contacts(phoneOf)(i, j) | (i !== 4 && j !== 4 ? CONTACT_EMAIL_BOTH : 0) }, withMargin)
      expect(result.clusterCount).toBe(3)
      expect(result.stats.ambiguousRecords).toBe(1)
    })

    it('should not leave alone a record whose birth date or tax id agrees with its own cluster', () => {
      const result = clusterRecords(5, links(edges), { ...household, contacts: contacts(phoneOf, [[4, 0]]) }, withMargin)
      expect(result.clusterOf[4]).toBe(result.clusterOf[0])
      expect(result.stats.ambiguousRecords).toBe(0)
    })

    it('should not leave alone a record a person joined to a customer', () => {
      const result = clusterRecords(5, links(edges), household, withMargin, { mustLink: [[4, 2]], cannotLink: [] })
      expect(result.clusterOf[4]).toBe(result.clusterOf[2])
      expect(result.stats.ambiguousRecords).toBe(0)
    })

    it('should let a cluster the ambiguous record held together fall apart', () => {
      // Records 1 and 5 belong with the father only through record 4.
      const bridged: [number, number, number][] = [[0, 1, 25], [2, 3, 25], [4, 0, 12], [4, 1, 12], [4, 2, 12], [4, 3, 12], [4, 5, 12]]
      const table5 = evidenceTable(bridged, -2, [[0, 2]])
      const phones5 = [...phoneOf, undefined]
      const evidence: PairEvidence = { ...table5, evidence: (i, j) => ((i === 5 || j === 5) && i !== 4 && j !== 4 ? 6 : table5.evidence(i, j)), contacts: contacts(phones5), provesDifferentPeople: birthDatesDiffer }
      const before = clusterRecords(6, links(bridged), evidence, options)
      expect(before.clusterOf[5]).toBe(before.clusterOf[0])
      const result = clusterRecords(6, links(bridged), evidence, withMargin)
      expect(result.clusterOf[5]).not.toBe(result.clusterOf[0])
    })
  })
})
