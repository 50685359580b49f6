/**
 * Which card element each post in a virtualized list's range uses (issue 12): the list keys its
 * children by slot, not by post, so a card that scrolls out is given to a post that scrolls in
 * instead of being destroyed while a new one is built. A post keeps its slot while it stays in range.
 */
export class CardSlots {
  private slotOf = new Map<string, number>()
  /** Slots no post in range holds, smallest first. */
  private free: number[] = []
  private minted = 0

  /**
   * Gives every id of the new range a slot: ids already in range keep theirs, the others take the
   * slots of the ids that left, then fresh ones. Ids must be distinct.
   */
  assign(ids: readonly string[]): void {
    const next = new Map<string, number>()
    for (const id of ids) {
      const slot = this.slotOf.get(id)
      if (slot !== undefined) next.set(id, slot)
    }
    const kept = new Set(next.values())
    for (const slot of this.slotOf.values()) if (!kept.has(slot)) this.free.push(slot)
    this.free.sort((a, b) => a - b)
    for (const id of ids) if (!next.has(id)) next.set(id, this.free.shift() ?? this.minted++)
    this.slotOf = next
  }

  /** The key of `id`'s card; an id outside the assigned range gets a fresh slot of its own. */
  keyOf(id: string): number {
    let slot = this.slotOf.get(id)
    if (slot === undefined) {
      slot = this.minted++
      this.slotOf.set(id, slot)
    }
    return slot
  }
}
