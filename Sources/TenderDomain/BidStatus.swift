/// A bid's stored status (docs/DESIGN.md §4). A vendor has at most one active bid per tender:
/// `sealed` until revealed (`revealed`, or `invalid` when the document breaks the rules), unless it
/// was `replaced` by a newer commitment, `withdrawn` before the deadline or `voided` by an amendment.
public enum BidStatus: String, Sendable, Codable, CaseIterable {
    case sealed, replaced, withdrawn, voided, revealed, invalid

    /// docs/DESIGN.md §4: an amendment during bidding changes what the sealed bids committed to,
    /// so it voids them (their vendors commit again against the amended tender); bids already
    /// ended keep their status. Revealed bids cannot exist while bidding.
    public var afterAmendment: BidStatus { self == .sealed ? .voided : self }

    /// Revealed, valid or not: its document is known.
    public var isRevealed: Bool { self == .revealed || self == .invalid }

    /// What a reader is shown: a bid still sealed at the reveal deadline of a published tender is
    /// `unrevealed` (derived from the clock, no timer needed).
    public func display(tenderPublished: Bool, revealDeadlinePassed: Bool) -> String {
        self == .sealed && tenderPublished && revealDeadlinePassed ? "unrevealed" : rawValue
    }
}
