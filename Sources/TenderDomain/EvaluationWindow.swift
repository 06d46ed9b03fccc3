/// When the evaluation may still change (declarations, sheets, finalization): the tender is
/// published, not yet evaluated, and the step's start (`from`: the submission deadline for
/// declarations, the reveal deadline for scoring) has come.
public enum EvaluationWindow {
    public static func check(status: TenderStatus, evaluated: Bool, now: Int64, from: Int64, phase: TenderPhase, action: String)
        throws(StateConflict)
    {
        guard status == .published else { throw StateConflict.wrongPhase(status == .draft ? .draft : .cancelled, action) }
        guard !evaluated else { throw StateConflict(.evaluationFinal, "the evaluation is final") }
        guard now >= from else { throw StateConflict.wrongPhase(phase, action) }
    }
}
