/** One measured figure in the bench report (issue 6): what, how much, and against what. */
export interface BenchFigure {
  /** e.g. "Ed25519 verify (WebCrypto, Node)" */
  name: string
  value: number
  unit: string
  /** The target or baseline it is compared against, in words, e.g. "target ≥ 10k/s in Chromium". */
  comparedTo: string
  /** true / false when there is a target; undefined when it is informational. */
  meetsTarget?: boolean
  note?: string
}

/** A group of figures produced by one bench module. */
export interface BenchSection {
  title: string
  figures: BenchFigure[]
}
